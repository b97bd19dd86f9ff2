using System.Globalization;
using System.Text;

namespace DigestMailer;

/// <summary>
/// Characters that are not seen but change what is shown or sent: controls, zero-width and direction marks (a
/// right-to-left override makes <c>gro.elpmaxe</c> read as <c>example.org</c>), separators, unpaired surrogates,
/// private and unassigned code points. Addresses and topics refuse them: both reach mail headers and pages.
/// </summary>
public static class InvisibleText
{
    public static bool IsInvisible(Rune rune) =>
        rune == Rune.ReplacementChar
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;

    /// <summary>The index of the first invisible character in <paramref name="text"/>, or -1.</summary>
    public static int IndexOfInvisible(string text)
    {
        var index = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsInvisible(rune))
            {
                return index;
            }

            index += rune.Utf16SequenceLength;
        }

        return -1;
    }
}
