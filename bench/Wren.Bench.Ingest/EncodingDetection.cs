using System.Diagnostics;
using System.Globalization;
using System.Text;
using Spectre.Console;
using UtfUnknown;
using Wren.Data.Sources;

namespace Wren.Bench.Ingest;

/// <summary>
/// Which way of decoding a text file of unknown encoding recovers more text: Wren's rules alone (byte-order marks,
/// UTF-16 by its zero bytes, valid UTF-8, else Windows-1252), UTF.Unknown alone (a port of Mozilla's universal
/// charset detector), or both as TextEncodingDetector now runs them (the rules, then UTF.Unknown for what is not
/// UTF). The same paragraph in fourteen languages, each saved in the encodings such files come in; a file counts
/// when the decoded text is exactly the original. Then the speed of each on 16 MB of UTF-8 and of Windows-1252 text.
/// (Article 1 of the Universal Declaration of Human Rights, and a sentence of the preamble.)
/// </summary>
internal static class EncodingDetection
{
    private static readonly (string Language, string Text, string[] Encodings)[] Samples =
    [
        ("en", "All human beings are born free and equal in dignity and rights. They are endowed with reason and conscience and should act towards one another in a spirit of brotherhood. Whereas recognition of the inherent dignity and of the equal and inalienable rights of all members of the human family is the foundation of freedom, justice and peace in the world.", ["windows-1252", "iso-8859-1"]),
        ("fr", "Tous les êtres humains naissent libres et égaux en dignité et en droits. Ils sont doués de raison et de conscience et doivent agir les uns envers les autres dans un esprit de fraternité. Considérant que la reconnaissance de la dignité inhérente à tous les membres de la famille humaine et de leurs droits égaux et inaliénables constitue le fondement de la liberté, de la justice et de la paix dans le monde.", ["windows-1252", "iso-8859-1"]),
        ("de", "Alle Menschen sind frei und gleich an Würde und Rechten geboren. Sie sind mit Vernunft und Gewissen begabt und sollen einander im Geist der Brüderlichkeit begegnen. Da die Anerkennung der angeborenen Würde und der gleichen und unveräußerlichen Rechte aller Mitglieder der Gemeinschaft der Menschen die Grundlage von Freiheit, Gerechtigkeit und Frieden in der Welt bildet.", ["windows-1252", "iso-8859-1"]),
        ("es", "Todos los seres humanos nacen libres e iguales en dignidad y derechos y, dotados como están de razón y conciencia, deben comportarse fraternalmente los unos con los otros. Considerando que la libertad, la justicia y la paz en el mundo tienen por base el reconocimiento de la dignidad intrínseca y de los derechos iguales e inalienables de todos los miembros de la familia humana.", ["windows-1252", "iso-8859-1"]),
        ("pt", "Todos os seres humanos nascem livres e iguais em dignidade e em direitos. Dotados de razão e de consciência, devem agir uns para com os outros em espírito de fraternidade. Considerando que o reconhecimento da dignidade inerente a todos os membros da família humana e dos seus direitos iguais e inalienáveis constitui o fundamento da liberdade, da justiça e da paz no mundo.", ["windows-1252", "iso-8859-1"]),
        ("pl", "Wszyscy ludzie rodzą się wolni i równi pod względem swej godności i swych praw. Są oni obdarzeni rozumem i sumieniem i powinni postępować wobec innych w duchu braterstwa. Zważywszy, że uznanie przyrodzonej godności oraz równych i niezbywalnych praw wszystkich członków wspólnoty ludzkiej jest podstawą wolności, sprawiedliwości i pokoju świata.", ["windows-1250", "iso-8859-2"]),
        ("cs", "Všichni lidé rodí se svobodní a sobě rovní co do důstojnosti a práv. Jsou nadáni rozumem a svědomím a mají spolu jednat v duchu bratrství. Vzhledem k tomu, že uznání přirozené důstojnosti a rovných a nezcizitelných práv všech členů lidské rodiny je základem svobody, spravedlnosti a míru ve světě.", ["windows-1250", "iso-8859-2"]),
        ("tr", "Bütün insanlar hür, haysiyet ve haklar bakımından eşit doğarlar. Akıl ve vicdana sahiptirler ve birbirlerine karşı kardeşlik zihniyeti ile hareket etmelidirler. İnsanlık ailesinin bütün üyelerinde bulunan haysiyetin ve bunların eşit ve devir kabul etmez haklarının tanınması hürriyetin, adaletin ve dünya barışının temeli olduğundan.", ["windows-1254", "iso-8859-9"]),
        ("ru", "Все люди рождаются свободными и равными в своем достоинстве и правах. Они наделены разумом и совестью и должны поступать в отношении друг друга в духе братства. Принимая во внимание, что признание достоинства, присущего всем членам человеческой семьи, и равных и неотъемлемых прав их является основой свободы, справедливости и всеобщего мира.", ["windows-1251", "koi8-r", "iso-8859-5"]),
        ("uk", "Всі люди народжуються вільними і рівними у своїй гідності та правах. Вони наділені розумом і совістю і повинні діяти у відношенні один до одного в дусі братерства. Беручи до уваги, що визнання гідності, яка властива всім членам людської сім'ї, і рівних та невід'ємних їх прав є основою свободи, справедливості та загального миру.", ["windows-1251", "koi8-u"]),
        ("el", "Όλοι οι άνθρωποι γεννιούνται ελεύθεροι και ίσοι στην αξιοπρέπεια και τα δικαιώματα. Είναι προικισμένοι με λογική και συνείδηση, και οφείλουν να συμπεριφέρονται μεταξύ τους με πνεύμα αδελφοσύνης. Επειδή η αναγνώριση της αξιοπρέπειας, που είναι σύμφυτη σε όλα τα μέλη της ανθρώπινης οικογένειας, καθώς και των ίσων και αναπαλλοτρίωτων δικαιωμάτων τους, αποτελεί το θεμέλιο της ελευθερίας, της δικαιοσύνης και της ειρήνης στον κόσμο.", ["windows-1253", "iso-8859-7"]),
        ("ja", "すべての人間は、生まれながらにして自由であり、かつ、尊厳と権利とについて平等である。人間は、理性と良心とを授けられており、互いに同胞の精神をもって行動しなければならない。人類社会のすべての構成員の固有の尊厳と平等で譲ることのできない権利とを承認することは、世界における自由、正義及び平和の基礎であるので、", ["shift_jis", "euc-jp"]),
        ("zh", "人人生而自由，在尊严和权利上一律平等。他们赋有理性和良心，并应以兄弟关系的精神相对待。鉴于对人类家庭所有成员的固有尊严及其平等的和不移的权利的承认，乃是世界自由、正义与和平的基础，", ["gb2312", "gb18030"]),
        ("ko", "모든 인간은 태어날 때부터 자유로우며 그 존엄과 권리에 있어 동등하다. 인간은 천부적으로 이성과 양심을 부여받았으며 서로 형제애의 정신으로 행동하여야 한다. 인류 가족 모든 구성원의 고유한 존엄성과 평등하고 양도할 수 없는 권리를 인정하는 것이 세계의 자유, 정의 및 평화의 기초이며,", ["euc-kr"]),
    ];

    /// <summary>The exact-decode table and the speed table, for Program.cs to print.</summary>
    public static IReadOnlyList<Table> Run()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var table = new Table().AddColumns("file", "files", "rules alone exact", "UTF.Unknown alone exact", "TextEncodingDetector exact");
        int files = 0, rulesExact = 0, theirsExact = 0, oursExact = 0;
        var byKind = new SortedDictionary<string, (int Files, int Rules, int Theirs, int Ours)>(StringComparer.Ordinal);
        foreach (var (language, text, legacy) in Samples)
        {
            foreach (string encoding in legacy.Concat(["utf-8", "utf-8-bom", "utf-16le"]))
            {
                byte[] bytes = Encode(text, encoding);
                bool rules = RulesAlone(bytes) == text;
                bool theirs = Theirs(bytes) == text;
                bool ours = Ours(bytes) == text;
                string kind = encoding.StartsWith("utf", StringComparison.Ordinal) ? encoding : "legacy " + language;
                var row = byKind.GetValueOrDefault(kind);
                byKind[kind] = (row.Files + 1, row.Rules + (rules ? 1 : 0), row.Theirs + (theirs ? 1 : 0), row.Ours + (ours ? 1 : 0));
                files++;
                rulesExact += rules ? 1 : 0;
                theirsExact += theirs ? 1 : 0;
                oursExact += ours ? 1 : 0;
            }
        }
        foreach (var (kind, (n, rules, theirs, ours)) in byKind) table.AddRow(kind, n.ToString(CultureInfo.InvariantCulture), $"{rules}/{n}", $"{theirs}/{n}", $"{ours}/{n}");
        table.AddRow("[bold]all[/]", files.ToString(CultureInfo.InvariantCulture), $"[bold]{rulesExact}/{files}[/]", $"[bold]{theirsExact}/{files}[/]", $"[bold]{oursExact}/{files}[/]");

        var speed = new Table().AddColumns("16 MB of", "TextEncodingDetector MB/s", "UTF.Unknown alone MB/s", "ratio");
        foreach (var (name, encoding) in new[] { ("UTF-8 (French)", "utf-8"), ("Windows-1252 (French)", "windows-1252") })
        {
            byte[] big = Encode(string.Concat(Enumerable.Repeat(Samples[1].Text + "\n", (16 << 20) / Samples[1].Text.Length)), encoding);
            double ours = Rate(big, b => Ours(b));
            double theirs = Rate(big, b => Theirs(b));
            speed.AddRow(name, ours.ToString("F0", CultureInfo.InvariantCulture), theirs.ToString("F0", CultureInfo.InvariantCulture), (ours / theirs).ToString("F1", CultureInfo.InvariantCulture) + "x");
        }
        return [table, speed];
    }

    private static byte[] Encode(string text, string encoding) => encoding switch
    {
        "utf-8-bom" => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)],
        "utf-16le" => Encoding.Unicode.GetBytes(text),
        _ => Encoding.GetEncoding(encoding).GetBytes(text),
    };

    private static string Ours(byte[] bytes)
    {
        try
        {
            return TextEncodingDetector.Decode(bytes);
        }
        catch (Wren.Runtime.WrenException)
        {
            return "";
        }
    }

    /// <summary>TextEncodingDetector before it asked UTF.Unknown: the same rules, with Windows-1252 for whatever is not UTF.</summary>
    private static string RulesAlone(byte[] bytes)
    {
        try
        {
            var encoding = TextEncodingDetector.DetectFromSample(bytes.AsSpan(0, Math.Min(bytes.Length, TextEncodingDetector.SampleSize)), out int bom);
            encoding ??= TextEncodingDetector.IsValidUtf8(bytes.AsSpan(bom)) ? TextEncodingDetector.StrictUtf8 : TextEncodingDetector.Windows1252;
            return TextEncodingDetector.NormalizeNewlines(encoding.GetString(bytes, bom, bytes.Length - bom));
        }
        catch (Exception e) when (e is Wren.Runtime.WrenException or DecoderFallbackException)
        {
            return "";
        }
    }

    private static string Theirs(byte[] bytes)
    {
        var detected = CharsetDetector.DetectFromBytes(bytes).Detected;
        if (detected?.Encoding is not { } encoding) return "";
        // The detector reports a BOM's encoding; the BOM itself is not text.
        int bom = detected.HasBOM ? encoding.GetPreamble().Length : 0;
        return encoding.GetString(bytes, bom, bytes.Length - bom);
    }

    /// <summary>MB/s of the best of five passes.</summary>
    private static double Rate(byte[] bytes, Action<byte[]> decode)
    {
        double best = double.MaxValue;
        for (int i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            decode(bytes);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return bytes.Length / 1e6 / best;
    }
}
