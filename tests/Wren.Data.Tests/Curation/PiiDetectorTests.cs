using Wren.Data.Curation.Pii;

namespace Wren.Data.Tests.Curation;

public sealed class PiiDetectorTests
{
    private static readonly PiiDetector Detector = new(new PiiOptions());

    private static List<(PiiType Type, string Value)> Find(string text, PiiDetector? detector = null) =>
        (detector ?? Detector).Find(text).Select(m => (m.Type, text.Substring(m.Start, m.Length))).ToList();

    [Theory]
    [InlineData("Write to jane.doe+news@example.co.uk today.", PiiType.Email, "jane.doe+news@example.co.uk")]
    [InlineData("From ilug-admin@linux.ie  Wed Dec  4 11:52:36 2002", PiiType.Email, "ilug-admin@linux.ie")]
    [InlineData("Call me at +1 (415) 555-2671 tomorrow.", PiiType.Phone, "+1 (415) 555-2671")]
    [InlineData("Tel: +44 20 7946 0958", PiiType.Phone, "+44 20 7946 0958")]
    [InlineData("Mobil: +49 151 23456789.", PiiType.Phone, "+49 151 23456789")]
    [InlineData("Office (212) 555-0187 ext 4", PiiType.Phone, "(212) 555-0187")]
    [InlineData("fax 415.555.0132", PiiType.Phone, "415.555.0132")]
    [InlineData("Received: from lugh.tuatha.org (194.125.145.45)", PiiType.IpAddress, "194.125.145.45")]
    [InlineData("server at 2001:db8:85a3::8a2e:370:7334 is down", PiiType.IpAddress, "2001:db8:85a3::8a2e:370:7334")]
    [InlineData("fe80:0:0:0:202:b3ff:fe1e:8329", PiiType.IpAddress, "fe80:0:0:0:202:b3ff:fe1e:8329")]
    [InlineData("Card: 4111 1111 1111 1111 exp 12/27", PiiType.CreditCard, "4111 1111 1111 1111")]
    [InlineData("amex 3782-822463-10005", PiiType.CreditCard, "3782-822463-10005")]
    [InlineData("paid with 5555555555554444.", PiiType.CreditCard, "5555555555554444")]
    [InlineData("IBAN DE89 3704 0044 0532 0130 00 please", PiiType.Iban, "DE89 3704 0044 0532 0130 00")]
    [InlineData("GB82WEST12345698765432", PiiType.Iban, "GB82WEST12345698765432")]
    [InlineData("SSN 123-45-6789 on file", PiiType.UsSsn, "123-45-6789")]
    [InlineData("aws_access_key_id = AKIAIOSFODNN7EXAMPLE", PiiType.Secret, "AKIAIOSFODNN7EXAMPLE")]
    [InlineData("token ghp_16C7e42F292c6912E7710c838347Ae178B4a in ci", PiiType.Secret, "ghp_16C7e42F292c6912E7710c838347Ae178B4a")]
    [InlineData("slack xoxb-2048-4096-abcdefABCDEF123 bot", PiiType.Secret, "xoxb-2048-4096-abcdefABCDEF123")]
    [InlineData("key=AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe", PiiType.Secret, "AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy==;", PiiType.Secret, "AccountKey=Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy==")]
    [InlineData("db password: Xk9#mQ2$vL7pR4tZ and more", PiiType.Secret, "Xk9#mQ2$vL7pR4tZ")]
    [InlineData("export API_KEY=\"s3cR3tV4lu3Qx8Zp\"", PiiType.Secret, "s3cR3tV4lu3Qx8Zp")]
    public void TruePositivesAreFound(string text, PiiType type, string value)
    {
        Assert.Contains((type, value), Find(text));
    }

    /// <summary>
    /// datatrove's PIIFormatter replaces e-mail addresses and global IPv4 addresses and keeps private ones
    /// (<c>ipaddress.ip_address(ip).is_global</c>); Wren redacts the private ones too, as it says in the README.
    /// </summary>
    [Fact]
    public void WhatDatatroveReplacesIsRedactedAndPrivateAddressesAreToo()
    {
        string text = "Mail jane.doe@example.com; the site is at 8.8.8.8, the printer at 10.0.0.12 and the router at 192.168.1.1.";
        var found = Find(text);
        Assert.Contains((PiiType.Email, "jane.doe@example.com"), found);
        Assert.Contains((PiiType.IpAddress, "8.8.8.8"), found);
        Assert.Contains((PiiType.IpAddress, "10.0.0.12"), found);
        Assert.Contains((PiiType.IpAddress, "192.168.1.1"), found);
    }

    /// <summary>datatrove's address pattern takes any alphanumeric last label ("host.c0m"); here the top-level domain is 2 to 24 letters.</summary>
    [Fact]
    public void AnAddressNeedsATopLevelDomainOfLetters()
    {
        Assert.DoesNotContain(Find("see build@host.c0m for logs"), f => f.Type == PiiType.Email);
        Assert.Contains((PiiType.Email, "build@host.com"), Find("see build@host.com for logs"));
    }

    [Fact]
    public void APrivateKeyBlockIsOneSecret()
    {
        string text = "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7V1x\nq2k+Zz9Y\n-----END RSA PRIVATE KEY-----\nbye";
        var found = Find(text);
        Assert.Single(found);
        Assert.Equal(PiiType.Secret, found[0].Type);
        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", found[0].Value);
        Assert.EndsWith("-----END RSA PRIVATE KEY-----", found[0].Value);
    }

    [Theory]
    [InlineData("The meeting is on 2024-01-15 at 10:30.")] // a date
    [InlineData("Released 2023-11-05 12:00:01 UTC")] // a timestamp
    [InlineData("Dates 2023 11 05 1200 and 2024-01-15-2025")] // spaced date and a date range
    [InlineData("Upgrade to version 10.0.19041.1234 or 4.18.2.")] // version numbers
    [InlineData("Windows build 1.2.3.4.5 shipped")] // a dotted version, not an IP
    [InlineData("It costs $1,234,567.89 or 1 234 567,89 EUR.")] // prices
    [InlineData("Population 331,449,281 in 2020.")] // large counts
    [InlineData("ISBN 978-3-16-148410-0")] // an ISBN
    [InlineData("Order #4111 1111 1111 1112 shipped")] // fails Luhn
    [InlineData("tracking 1234 5678 9012 3456")] // fails Luhn
    [InlineData("DE89 3704 0044 0532 0130 01")] // IBAN with a wrong check digit
    [InlineData("SSN 000-12-3456 and 666-12-3456 are never issued")] // invalid SSN areas
    [InlineData("The time is 12:30:45 and the ratio 3:2.")] // not IPv6
    [InlineData("password: hunter22")] // low-entropy, too plain to be a generated secret
    [InlineData("Use the token endpoint described below.")] // keyword without a value
    [InlineData("the user@ sign alone, or @handle")] // not an address
    public void LookAlikesAreNotRedacted(string text)
    {
        Assert.Empty(Find(text));
    }

    [Fact]
    public void TheAllowListKeepsTheOrganizationsPublicAddresses()
    {
        var detector = new PiiDetector(new PiiOptions { Allow = ["@wren.example", "+1 800 555 0100"] });
        var found = Find("Contact press@wren.example or +1 800 555 0100, not jane@gmail.com or +1 415 555 2671.", detector);
        Assert.Equal([(PiiType.Email, "jane@gmail.com"), (PiiType.Phone, "+1 415 555 2671")], found);
    }

    [Fact]
    public void RedactionReplacesFindingsWithTypedPlaceholdersAndCountsThem()
    {
        var step = new PiiStep(new PiiOptions());
        var (result, document, counters) = CurationSample.Run(step, "Mail bob@corp.com, card 4111-1111-1111-1111, from 10.0.0.12.");
        Assert.False(result.Dropped);
        Assert.Equal("Mail <EMAIL>, card <CREDIT_CARD>, from <IP_ADDRESS>.", document.Text);
        Assert.Equal(1, counters.Values["pii.EMAIL"]);
        Assert.Equal(1, counters.Values["pii.CREDIT_CARD"]);
        Assert.Equal(1, counters.Values["pii.IP_ADDRESS"]);
    }

    [Fact]
    public void RealEmailHeadersHaveTheirAddressesAndIpsRedacted()
    {
        string text = CurationSample.Get("easy-ham-1/00001").Text;
        var step = new PiiStep(new PiiOptions());
        var (_, document, counters) = CurationSample.Run(step, text);
        Assert.True(counters.Values["pii.EMAIL"] > 3);
        Assert.True(counters.Values["pii.IP_ADDRESS"] > 0);
        Assert.DoesNotContain("yyyy@localhost.netnoteinc.com", document.Text);
    }

    /// <summary>Keyword secrets tried only where a keyword begins, against the whole-text regex, on the sample and on crafted edge cases.</summary>
    [Fact]
    public void KeywordSecretSearchFindsWhatTheWholeTextRegexFinds()
    {
        var texts = CurationSample.Documents().Select(d => d.Text).ToList();
        texts.AddRange([
            "client_secret = \"aB3dE5gH7jK9mN\" and api-key: Zx81Qw73Er65Ty",
            "PassWord is Hunter2Hunter2x; passwd=abc; token=token=abcdefgh1234",
            "X-Authentication-Warning: auth_token => 'Q9w8E7r6T5y4U3i2' pass",
            "bypass=abcdefgh12345 secret_key:ZZZZzzzz1111 access-key = Ab12Cd34Ef56",
            "apikey=\"0123456789abcdefABCDEF\" APIKEY:short",
        ]);
        foreach (string text in texts)
        {
            var expected = PiiDetector.KeywordSecretsReference(text).Select(m => (m.Index, m.Length, m.Groups["value"].Value)).ToList();
            var actual = PiiDetector.KeywordSecrets(text).Select(m => (m.Index, m.Length, m.Groups["value"].Value)).ToList();
            Assert.Equal(expected, actual);
        }
    }

    /// <summary>
    /// The number scanner (patterns run only on digit runs that can hold a finding) against every
    /// pattern run over the whole text: same findings in the same order, on the sample and on
    /// random digit-heavy text built from true positives, look-alikes and separators.
    /// </summary>
    [Fact]
    public void NumberFindingsEqualTheWholeTextPatternsOnTheSampleAndRandomText()
    {
        var texts = CurationSample.Documents().Select(d => d.Text).ToList();
        string[] pieces =
        [
            "+1 (415) 555-2671", "(212) 555-0187", "415.555.0132", "+44 20 7946 0958", "030 1234 5678", "4111 1111 1111 1111", "3782-822463-10005",
            "5555555555554444", "DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432", "XX12 3456", "123-45-6789", "000-12-3456", "194.125.145.45",
            "10.0.19041.1234", "2024-01-15", "12:30:45", "$1,234.56", "v1.2.3", "ISBN 978-3-16-148410-0", "\u0663\u0664.\u0661.\u0662.\u0663",
            "\u0661\u0662\u0663-\u0664\u0665-\u0666\u0667\u0668\u0669", "2001:db8::1", "\u00A0", " ", "-", ".", "/", "(", ")", "+", "\n", "a", "AB", "x9",
        ];
        var random = new Random(9);
        for (int i = 0; i < 3000; i++)
        {
            var text = new System.Text.StringBuilder();
            int parts = random.Next(12);
            for (int k = 0; k < parts; k++)
            {
                text.Append(random.Next(3) == 0 ? random.Next(100_000).ToString(System.Globalization.CultureInfo.InvariantCulture) : pieces[random.Next(pieces.Length)]);
                if (random.Next(2) == 0)
                {
                    text.Append(" -./()+:$\n"[random.Next(10)]);
                }
            }
            texts.Add(text.ToString());
        }
        PiiDetector[] detectors = [Detector, new(new PiiOptions { Types = ["phone"] }), new(new PiiOptions { Types = ["iban", "us_ssn", "ip_address"] })];
        int findings = 0;
        foreach (var detector in detectors)
        {
            foreach (string text in texts)
            {
                var expected = detector.FindNumbersReference(text);
                Assert.Equal(expected, detector.FindNumbersOnly(text));
                findings += expected.Count;
            }
        }
        Assert.True(findings > 1000, $"only {findings} findings: the random text does not exercise the patterns");
    }
}
