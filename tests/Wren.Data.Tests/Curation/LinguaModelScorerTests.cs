using System.Text;
using Wren.Data.Curation.Language;

namespace Wren.Data.Tests.Curation;

/// <summary>
/// <see cref="LinguaModelScorer"/> must answer exactly as Lingua's low-accuracy detector (the
/// reference it re-implements): same top language, same confidence. Sums are computed in Lingua's
/// order from the same doubles, so the confidences are bit-identical: the tolerance is 0.
/// (Dropping the bigram/unigram fallback, for instance, fails a dozen passages here.)
/// </summary>
public sealed class LinguaModelScorerTests
{
    private const double Tolerance = 0;
    private static readonly List<string> DefaultCandidates = new LanguageOptions().Candidates;
    // Built here, not read from the table cache: these tests hold the build to Lingua (a cache file
    // left by an older build must not stand in for it); LinguaNgramTableCacheTests hold the cache to the build.
    private static readonly LinguaModelScorer Scorer = new(DefaultCandidates, useCache: false);
    private static readonly LinguaLanguageDetector Lingua = new(DefaultCandidates, fast: true);

    // Exercises the rule engine: unique characters of Latin and Cyrillic languages, one-language scripts.
    private static readonly string[] WideCandidates =
        ["en", "de", "fr", "es", "it", "pt", "ro", "cs", "sk", "hu", "vi", "tr", "az", "pl", "lt", "lv", "is", "da", "nb", "sv", "fi", "et",
         "ru", "uk", "be", "bg", "kk", "mk", "sr", "mn", "el", "he", "hi", "mr", "th", "ka", "hy", "ja", "zh", "ko", "ar", "fa"];
    private static readonly Lazy<(LinguaModelScorer Fast, LinguaLanguageDetector Reference)> Wide =
        new(() => (new LinguaModelScorer(WideCandidates, useCache: false), new LinguaLanguageDetector(WideCandidates, fast: true)));

    internal static readonly string[] PassageTexts =
    [
        "Die Bundesregierung hat heute beschlossen, die Förderung für erneuerbare Energien im kommenden Jahr deutlich zu erhöhen.",
        "Le gouvernement a annoncé mardi une série de mesures pour soutenir les petites entreprises touchées par la hausse des prix.",
        "El ayuntamiento aprobó ayer el nuevo plan de movilidad que amplía los carriles para bicicletas en el centro de la ciudad.",
        "Il consiglio comunale ha approvato ieri il nuovo piano per il traffico che allarga le piste ciclabili in centro.",
        "O governo anunciou ontem um conjunto de medidas para apoiar as pequenas empresas afetadas pela subida dos preços da energia.",
        "De gemeenteraad heeft gisteren het nieuwe verkeersplan goedgekeurd dat de fietspaden in het centrum verbreedt.",
        "Regeringen meddelade i dag att stödet till förnybar energi ska öka kraftigt under nästa år för att nå klimatmålen.",
        "Rząd ogłosił wczoraj pakiet działań wspierających małe firmy dotknięte wzrostem cen energii w całym kraju.",
        "Правительство объявило во вторник о ряде мер по поддержке малого бизнеса, пострадавшего от роста цен на энергию.",
        "政府周二宣布了一系列措施，以支持受能源价格上涨影响的小企业。",
        "政府は火曜日、エネルギー価格の高騰で打撃を受けた中小企業を支援する一連の措置を発表した。",
        "정부는 화요일 에너지 가격 상승으로 피해를 입은 소규모 기업을 지원하기 위한 일련의 조치를 발표했다.",
        "أعلنت الحكومة يوم الثلاثاء عن سلسلة من الإجراءات لدعم الشركات الصغيرة المتضررة من ارتفاع أسعار الطاقة.",
        "Hükümet salı günü enerji fiyatlarındaki artıştan etkilenen küçük işletmeleri desteklemek için bir dizi önlem açıkladı.",
        "Уряд оголосив у вівторок про низку заходів для підтримки малого бізнесу, який постраждав від зростання цін на енергію.",
        "Vláda v úterý oznámila řadu opatření na podporu malých podniků zasažených růstem cen energií.",
        "Chính phủ đã công bố một loạt biện pháp hỗ trợ các doanh nghiệp nhỏ bị ảnh hưởng bởi giá năng lượng tăng.",
        "Η κυβέρνηση ανακοίνωσε την Τρίτη μια σειρά μέτρων για τη στήριξη των μικρών επιχειρήσεων.",
        "הממשלה הודיעה ביום שלישי על שורה של צעדים לתמיכה בעסקים קטנים שנפגעו מעליית מחירי האנרגיה.",
        "सरकार ने मंगलवार को ऊर्जा की बढ़ती कीमतों से प्रभावित छोटे व्यवसायों की सहायता के लिए कई उपायों की घोषणा की।",
        "The meeting is at 10:30 in room 4B — bring the Q3 numbers. Merci beaucoup, à demain!",
        "Das ist gut. This is good. C'est bien. Это хорошо. 这很好。",
        "straße", "ß", "naïve café", "ñ", "¿qué?", "Ølberg", "ёж", "ї", "日本", "ひらがな", "カタカナ", "한국어", "漢字とかな",
        "a", "ab", "abc", "the", "hello world", "OK", "e-mail: bob@example.com", "https://example.com/a/b?c=d",
        "", "   ", "12345 67.89", "!!! ??? ...", "😀😀😀 ok 😀", "\uD83D", "abc\uDC00def", "€100 + $5 = ¥",
        "Ünïcödé wörds", "ÀÉÎÕÜ ÇÑ", "Şişli İstanbul'da", "Łódź Kraków Gdańsk", "Ærø Åland", "Þingvellir", "Mọ́nà Yorùbá",
    ];

    public static TheoryData<string> Passages() => new(PassageTexts);

    [Theory]
    [MemberData(nameof(Passages))]
    public void HandwrittenPassagesGetLinguasLanguageAndConfidence(string text)
    {
        AssertSame(Scorer, Lingua, text);
        var (fast, reference) = Wide.Value;
        AssertSame(fast, reference, text);
    }

    [Fact]
    public void WindowsOfTheSOTUAndSpamAssassinSampleGetLinguasLanguageAndConfidence()
    {
        var (fast, reference) = Wide.Value;
        int compared = 0;
        foreach (var document in CurationSample.Documents())
        {
            foreach (string window in Windows(document.Text))
            {
                AssertSame(Scorer, Lingua, window);
                AssertSame(fast, reference, window);
                compared++;
            }
        }
        Assert.True(compared > 300, $"only {compared} windows");
    }

    [Fact]
    public void RawMailFilesOfTheAcmeSampleGetLinguasLanguageAndConfidence()
    {
        // Headers, base64, HTML and quoted-printable: the messy text curation really sees.
        string mail = Path.Combine(RepoRoot(), "samples", "acme", "mail");
        int compared = 0;
        foreach (string path in Directory.EnumerateFiles(mail).Order().Take(120))
        {
            string text = File.ReadAllText(path, Encoding.UTF8);
            foreach (string window in new[] { Slice(text, 0, 500), Slice(text, text.Length / 2, 500), Slice(text, text.Length / 3, 60) })
            {
                AssertSame(Scorer, Lingua, window);
                compared++;
            }
        }
        Assert.True(compared >= 300, $"only {compared} windows");
    }

    [Fact]
    public void RandomCutsOfMixedScriptTextGetLinguasLanguageAndConfidence()
    {
        // Cuts fall inside words and surrogate pairs; lengths straddle the 3-character and 120-character limits.
        string mixed = string.Join(" ", PassageTexts);
        var random = new Random(20261126);
        var (fast, reference) = Wide.Value;
        for (int i = 0; i < 400; i++)
        {
            int start = random.Next(mixed.Length);
            string window = Slice(mixed, start, random.Next(1, 160));
            AssertSame(Scorer, Lingua, window);
            AssertSame(fast, reference, window);
        }
    }

    [Fact]
    public void ResultsDoNotDependOnTheThreadOrOnEarlierTexts()
    {
        var texts = CurationSample.Documents().SelectMany(d => Windows(d.Text)).ToArray();
        var expected = texts.Select(t => Scorer.Detect(t)).ToArray();
        var actual = new (string, double)[texts.Length];
        // Reverse order on several threads: per-thread buffers must not leak state between texts.
        Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            int j = texts.Length - 1 - i;
            actual[j] = Scorer.Detect(texts[j]);
        });
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void EnglishProseIsEnglishAndALongTextIsCertain()
    {
        var (code, confidence) = Scorer.Detect(CurationSample.Get("sotu-1901_theodore_roosevelt_r").Text.AsSpan(0, 500));
        Assert.Equal("en", code);
        Assert.Equal(1.0, confidence);
    }

    [Fact]
    public void AShortAmbiguousTextHasAConfidenceBelowOne()
    {
        var (_, confidence) = Scorer.Detect("die gut");
        Assert.InRange(confidence, 0.01, 0.99);
        AssertSame(Scorer, Lingua, "die gut");
    }

    [Fact]
    public void AMissingModelFolderIsAClearError()
    {
        var e = Assert.Throws<Wren.Runtime.WrenException>(() => new LinguaModelScorer(["en", "fr"], "/nonexistent/lingua-models"));
        Assert.Contains("/nonexistent/lingua-models", e.Message);
    }

    [Fact]
    public void TheVectorRowAdditionEqualsTheScalarOne()
    {
        var random = new Random(7);
        for (int n = 0; n <= 257; n++)
        {
            var row = Enumerable.Range(0, n).Select(_ => -random.NextDouble() * 12).ToArray();
            var start = Enumerable.Range(0, n).Select(_ => -random.NextDouble() * 900).ToArray();
            var vector = (double[])start.Clone();
            var scalar = (double[])start.Clone();
            LinguaModelScorer.Add(row, vector);
            LinguaModelScorer.AddScalar(row, scalar);
            Assert.Equal(scalar, vector);
        }
    }

    private static void AssertSame(LinguaModelScorer fast, LinguaLanguageDetector reference, string text)
    {
        var expected = reference.Detect(text);
        var actual = fast.Detect(text);
        Assert.True(expected.Code == actual.Code && Math.Abs(expected.Confidence - actual.Confidence) <= Tolerance,
            $"Lingua {expected} vs scorer {actual} for \"{text}\"");
    }

    internal static IEnumerable<string> Windows(string text)
    {
        foreach (int length in new[] { 8, 25, 60, 119, 120, 200, 500 })
        {
            foreach (int start in new[] { 0, 97, 1013, 4999 })
            {
                if (start < text.Length)
                {
                    yield return Slice(text, start, length);
                }
            }
        }
    }

    private static string Slice(string text, int start, int length) => text.Substring(start, Math.Min(length, text.Length - start));

    private static string RepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Wren.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new DirectoryNotFoundException("Wren.slnx not found above " + AppContext.BaseDirectory);
    }
}
