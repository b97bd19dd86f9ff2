using System.Data;
using System.Globalization;
using Dapper;

namespace DigestMailer.Data;

/// <summary>
/// Lets Dapper write <see cref="DateTimeOffset"/> and <see cref="Nullable{DateTimeOffset}"/> parameters as Unix
/// milliseconds and read integer columns back as instants.
/// </summary>
// Not SqlMapper.TypeHandler<DateTimeOffset>: Dapper hands a NULL scalar read as DateTimeOffset? to the handler, and
// only the untyped interface can answer null.
public sealed class UnixMsTypeHandler : SqlMapper.ITypeHandler
{
    static int registered;

    /// <summary>Registers the handler once per process.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1)
        {
            return;
        }

        // Dapper's built-in type map sends DateTimeOffset as DbType.DateTimeOffset (text on SQLite, timestamptz on
        // PostgreSQL) and wins over a custom handler unless its entries are removed first.
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        // Registering the value type registers its nullable form too.
        SqlMapper.AddTypeHandler(typeof(DateTimeOffset), new UnixMsTypeHandler());
    }

    public void SetValue(IDbDataParameter parameter, object value)
    {
        parameter.DbType = DbType.Int64;
        parameter.Value = value is DateTimeOffset instant ? UnixMs.From(instant) : DBNull.Value;
    }

    // Integer columns arrive as long on both engines; an expression may arrive as another integer type.
    public object? Parse(Type destinationType, object value) =>
        value is DBNull ? null : UnixMs.ToInstant(Convert.ToInt64(value, CultureInfo.InvariantCulture));
}
