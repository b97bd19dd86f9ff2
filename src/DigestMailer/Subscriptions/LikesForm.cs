using DigestMailer.Pages;
using DigestMailer.Papers;

namespace DigestMailer.Subscriptions;

/// <summary>The liked papers a page form carries: ids pasted one per line, and the ids found in an uploaded reference file.</summary>
/// <param name="Entries">The pasted lines, then the ids found in the file; validate them with <see cref="LikesValidation"/>.</param>
/// <param name="Note">What was recognised in the file ("3 of the 5 entries in refs.bib name an arXiv paper"), or null without one.</param>
public sealed record LikesInput(string Text, IReadOnlyList<string?> Entries, string? Note);

public static class LikesForm
{
    public const string TextField = "likes";
    public const string FileField = "likesFile";

    /// <summary>The form's likes; a file that cannot be used adds an error keyed <c>likesFile</c> that says why.</summary>
    public static async Task<LikesInput> ReadAsync(FormPost form, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var text = form[TextField] ?? "";
        var entries = new List<string?>(text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (form.File(FileField) is not { } file)
        {
            return new LikesInput(text, entries, null);
        }

        var name = SignupValidation.Shorten(Path.GetFileName(file.FileName)).Trim() is { Length: > 0 } shown ? shown : "The file";
        if (file.Length > Bibliography.MaxBytes)
        {
            errors[FileField] = [$"{name} is larger than {Bibliography.MaxBytes / 1024} KB. Export only the papers you like (a Zotero collection, or a selection) and upload that."];
            return new LikesInput(text, entries, null);
        }

        using var buffer = new MemoryStream();
        await using (var stream = file.OpenReadStream())
        {
            await stream.CopyToAsync(buffer, cancellationToken);
        }

        var (content, error) = Bibliography.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        if (content is null)
        {
            errors[FileField] = [$"{name} {error}"];
            return new LikesInput(text, entries, null);
        }

        var scan = Bibliography.Scan(content);
        entries.AddRange(scan.Ids);
        var note = scan.Entries == 0
            ? $"{name} has no entries we could read."
            : $"{scan.Recognised} of the {scan.Entries} {(scan.Entries == 1 ? "entry" : "entries")} in {name} {(scan.Recognised == 1 ? "names" : "name")} an arXiv paper"
              + (scan.Recognised == scan.Entries ? "." : "; the others were left out.");
        return new LikesInput(text, entries, note);
    }
}
