using System.Text.Json;
using Wren.Runtime.Generation;
using Wren.Templates;

namespace Wren.Templates.Tests;

/// <summary>Each Jinja construct the engine supports, with the output Python's Jinja2 gives.</summary>
public sealed class JinjaTemplateTests
{
    private static string Render(string source, object? variables = null, TemplateOptions? options = null)
    {
        var template = JinjaTemplate.Parse(source, options);
        var dict = variables is null
            ? null
            : TemplateValuesFrom(JsonSerializer.SerializeToElement(variables, variables.GetType(), TestJson.Options));
        return template.Render(dict);
    }

    private static Dictionary<string, object?> TemplateValuesFrom(JsonElement element) =>
        element.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());

    private static string Chat(string source, object? variables = null) => Render(source, variables, TemplateOptions.ChatTemplate);

    // ---- output, literals, comments ----

    [Theory]
    [InlineData("{{ 'a' }}{{ \"b\" }}{{ 'c' 'd' }}", "abcd")]
    [InlineData("{{ 42 }} {{ -7 }} {{ 1.5 }} {{ 2.0 }} {{ 1_000 }}", "42 -7 1.5 2.0 1000")]
    [InlineData("{{ true }} {{ True }} {{ false }} {{ none }} {{ None }}", "True True False None None")]
    [InlineData("{{ [1, 'a', none] }} {{ {'k': 'v'} }} {{ [\"it's\"] }}", "[1, 'a', None] {'k': 'v'} [\"it's\"]")]
    [InlineData("{{ 'tab\\there' }}|{{ 'nl\\n' }}|{{ '\\u00e9\\x41' }}", "tab\there|nl\n|éA")]
    [InlineData("a{# a comment {{ x }} #}b", "ab")]
    [InlineData("{{ 0.1 + 0.2 }} {{ 1e20 }} {{ 1 / 3 }} {{ 10 / 2 }}", "0.30000000000000004 1e+20 0.3333333333333333 5.0")]
    public void PrintsValuesAsPythonStr(string source, string expected) => Assert.Equal(expected, Render(source));

    [Fact]
    public void RawBlocksAreNotInterpreted() =>
        Assert.Equal("{{ not a tag }}{% if %}", Render("{% raw %}{{ not a tag }}{% if %}{% endraw %}"));

    // ---- whitespace control ----

    [Fact]
    public void MinusStripsWhitespaceOnItsSide()
    {
        Assert.Equal("a|b", Render("a  \n {{- '|' -}} \n  b"));
        Assert.Equal("ab", Render("a \n{%- if true -%}\n  b{% endif %}"));
        Assert.Equal("ab", Render("a \n {#- note -#}\n b"));
    }

    [Fact]
    public void TrimBlocksDropsTheNewlineAfterABlockTagButNotAfterAnExpression()
    {
        const string source = "{% if true %}\nyes\n{% endif %}\n{{ 'x' }}\nend";
        Assert.Equal("\nyes\n\nx\nend", Render(source));
        Assert.Equal("yes\nx\nend", Render(source, options: TemplateOptions.ChatTemplate));
    }

    [Fact]
    public void LstripBlocksRemovesIndentationBeforeBlockTagsOnly()
    {
        const string source = "<ul>\n    {% for i in [1, 2] %}\n    <li>{{ i }}</li>\n    {% endfor %}\n</ul>";
        Assert.Equal("<ul>\n    <li>1</li>\n    <li>2</li>\n</ul>", Chat(source));
        // Text before the tag on the same line is kept; {%+ opts out.
        Assert.Equal("x   y", Chat("x {% if true %}  y{% endif %}"));
        Assert.Equal("  a", Chat("  {%+ if true %}a{% endif %}"));
    }

    [Fact]
    public void ASingleTrailingNewlineOfTheSourceIsDroppedUnlessKept()
    {
        Assert.Equal("a", Render("a\n"));
        Assert.Equal("a\n", Render("a\n\n"));
        Assert.Equal("a\n", Render("a\n", options: new TemplateOptions { KeepTrailingNewline = true }));
    }

    // ---- control flow ----

    [Theory]
    [InlineData(1, "one")]
    [InlineData(2, "two")]
    [InlineData(3, "many")]
    public void IfElifElsePicksTheFirstTrueBranch(int n, string expected) =>
        Assert.Equal(expected, Render("{% if n == 1 %}one{% elif n == 2 %}two{% else %}many{% endif %}", new { n }));

    [Fact]
    public void ForExposesTheLoopVariable()
    {
        string source = "{% for x in items %}{{ loop.index }}/{{ loop.index0 }}/{{ loop.revindex }}/{{ loop.revindex0 }}/{{ loop.length }}"
            + "{% if loop.first %}F{% endif %}{% if loop.last %}L{% endif %}"
            + "<{{ loop.previtem | default('-') }},{{ loop.nextitem | default('-') }}> {% endfor %}";
        Assert.Equal("1/0/3/2/3F<-,b> 2/1/2/1/3<a,c> 3/2/1/0/3L<b,-> ", Render(source, new { items = new[] { "a", "b", "c" } }));
    }

    [Fact]
    public void ForElseRunsWhenNothingIsIterated() =>
        Assert.Equal("empty", Render("{% for x in [] %}{{ x }}{% else %}empty{% endfor %}"));

    [Fact]
    public void ForFilterIsAppliedBeforeLoopLength() =>
        Assert.Equal("1:2 3:2 ", Render("{% for x in [1, 2, 3] if x != 2 %}{{ x }}:{{ loop.length }} {% endfor %}"));

    [Fact]
    public void ForUnpacksTuplesAndIteratesDictItems()
    {
        Assert.Equal("a=1;b=2;", Render("{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}", new { d = new { a = 1, b = 2 } }));
        Assert.Equal("a=1;b=2;", Render("{% for k, v in d | items %}{{ k }}={{ v }};{% endfor %}", new { d = new { a = 1, b = 2 } }));
        Assert.Equal("ab", Render("{% for k in d %}{{ k }}{% endfor %}", new { d = new { a = 1, b = 2 } }));
    }

    [Fact]
    public void BreakAndContinueControlTheLoop() =>
        Assert.Equal("13", Render("{% for x in range(10) %}{% if x == 4 %}{% break %}{% endif %}{% if x % 2 == 0 %}{% continue %}{% endif %}{{ x }}{% endfor %}"));

    [Fact]
    public void AnInnerLoopShadowsLoopOnlyInsideIt() =>
        Assert.Equal("1:1 1:2 1 1:1 1:2 2 ", Render("{% for a in [1, 2] %}{% for b in [1, 2] %}{{ loop.depth }}:{{ loop.index }} {% endfor %}{{ loop.index }} {% endfor %}"));

    // ---- assignment and scope ----

    [Fact]
    public void SetInsideALoopDoesNotLeakButNamespaceAttributesDo()
    {
        string source = "{% set count = 0 %}{% set ns = namespace(count=0, seen=[]) %}"
            + "{% for x in [1, 2, 3] %}{% set count = count + x %}{% set ns.count = ns.count + x %}{% endfor %}"
            + "{{ count }} {{ ns.count }}";
        Assert.Equal("0 6", Render(source));
    }

    [Fact]
    public void SetAssignsTuplesAndBlocks()
    {
        Assert.Equal("2-1", Render("{% set a, b = 1, 2 %}{{ b }}-{{ a }}"));
        Assert.Equal("[HELLO WORLD]", Render("{% set greeting | upper %}hello {{ 'world' }}{% endset %}[{{ greeting }}]"));
        Assert.Equal("<x\ny>", Render("{% set block %}x\ny{% endset %}<{{ block }}>"));
    }

    [Fact]
    public void SettingAnAttributeOfSomethingElseThanANamespaceIsAnError()
    {
        var e = Assert.Throws<TemplateException>(() => Render("{% set d = {} %}\n{% set d.x = 1 %}"));
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void MacrosTakeDefaultsAndKeywordsAndCallBlocksPassACaller()
    {
        string source = "{% macro tag(name, body='', cls=none) %}<{{ name }}{% if cls %} class=\"{{ cls }}\"{% endif %}>{{ body }}</{{ name }}>{% endmacro %}"
            + "{{ tag('p', 'hi') }}{{ tag('b', cls='x') }}"
            + "{% macro wrap(n) %}[{{ caller(n * 2) }}]{% endmacro %}{% set suffix = '!' %}"
            + "{% call(v) wrap(21) %}{{ v }}{{ suffix }}{% endcall %}";
        Assert.Equal("<p>hi</p><b class=\"x\"></b>[42!]", Render(source));
    }

    [Fact]
    public void FilterBlocksFilterTheirBody() =>
        Assert.Equal("ABC", Render("{% filter upper | trim %}  abc  {% endfilter %}"));

    // ---- expressions ----

    [Theory]
    [InlineData("{{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % 3 }} {{ -7 % 3 }} {{ 2 ** 10 }} {{ 7 / 2 }}", "3 -4 1 2 1024 3.5")]
    [InlineData("{{ 1 + 2 * 3 }} {{ (1 + 2) * 3 }} {{ 2 * 3 ** 2 }} {{ -2 ** 2 }}", "7 9 18 4")]
    [InlineData("{{ 'a' + 'b' }} {{ 'a' ~ 1 ~ none }} {{ 'ab' * 2 }} {{ [1] + [2] }}", "ab a1None abab [1, 2]")]
    [InlineData("{{ 1 < 2 < 3 }} {{ 3 > 2 > 2 }} {{ 'a' < 'b' }} {{ 1 == 1.0 }} {{ [1, 2] == [1, 2] }}", "True False True True True")]
    [InlineData("{{ 'b' in 'abc' }} {{ 2 in [1, 2] }} {{ 'k' in {'k': 1} }} {{ 3 not in [1, 2] }}", "True True True True")]
    [InlineData("{{ 0 or 'x' }} {{ 1 and 'y' }} {{ [] or none }} {{ not '' }} {{ not 1 and 0 }}", "x y None True False")]
    [InlineData("{{ 'yes' if 1 else 'no' }} {{ 'yes' if [] else 'no' }} [{{ 'x' if false }}]", "yes no []")]
    [InlineData("{{ '%s is %d' % ('x', 3) }} {{ '{} and {name}'.format(1, name='n') }}", "x is 3 1 and n")]
    public void OperatorsFollowPython(string source, string expected) => Assert.Equal(expected, Render(source));

    [Theory]
    [InlineData("{{ 1 + 2 + 3 }} {{ [1] + [2] + [3] }} {{ 'a' + 'b' + 'c' }} {{ 1.5 + 1 + 1 }}", "6 [1, 2, 3] abc 3.5")]
    [InlineData("{% set s = 'a' + 'b' ~ 1 ~ none + 'x' %}{{ s }}|{{ ('a' ~ 1) + 'b' }}", "ab1Nonex|a1b")]
    [InlineData("{{ 1e15 }} {{ 1e16 }} {{ 0.0001 }} {{ 0.00001 }} {{ -2.5e-7 }} {{ 123456789.125 }}", "1000000000000000.0 1e+16 0.0001 1e-05 -2.5e-07 123456789.125")]
    public void ChainsAndFloatsFollowPython(string source, string expected) => Assert.Equal(expected, Render(source));

    [Fact]
    public void AChainWithANonStringIsAnErrorAsInPython() =>
        Assert.Contains("'str' and 'int'", Assert.Throws<TemplateException>(() => Render("{{ 'a' + 'b' + 1 }}")).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("{{ s[::-1] }} {{ s[1:] }} {{ s[:2] }} {{ s[-1] }} {{ s[1:-1] }} {{ s[::2] }}", "olleh ello he o ell hlo")]
    [InlineData("{{ l[::-1] }} {{ l[1:] }} {{ l[-2:] }} {{ l[0] }} {{ l.1 }} {{ l[10] is undefined }}", "[3, 2, 1] [2, 3] [2, 3] 1 2 True")]
    public void IndexingAndSlicingFollowPython(string source, string expected) =>
        Assert.Equal(expected, Render(source, new { s = "hello", l = new[] { 1, 2, 3 } }));

    [Fact]
    public void UndefinedIsEmptyAndFalsyButAttributesOfItAreErrors()
    {
        Assert.Equal("[]", Render("[{{ missing }}]"));
        Assert.Equal("no", Render("{% if missing %}yes{% else %}no{% endif %}"));
        Assert.Equal("0", Render("{{ missing | length }}"));
        Assert.Equal("[]", Render("[{{ d.missing }}]", new { d = new { a = 1 } }));
        Assert.Equal("[]", Render("[{{ n.attr }}]", new { n = (object?)null }));
        var e = Assert.Throws<TemplateException>(() => Render("ok\n{{ missing.attr }}"));
        Assert.Equal("'missing' is undefined", e.Reason);
        Assert.Equal(2, e.Line);
        Assert.Throws<TemplateException>(() => Render("{{ missing + 1 }}"));
    }

    [Fact]
    public void TypeErrorsAreTemplateErrorsWithALine()
    {
        var e = Assert.Throws<TemplateException>(() => Render("a\nb\n{{ 'x' + 1 }}"));
        Assert.Equal(3, e.Line);
        Assert.Contains("unsupported operand type(s) for +: 'str' and 'int'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SyntaxErrorsNameTheLine()
    {
        Assert.Equal(2, Assert.Throws<TemplateException>(() => JinjaTemplate.Parse("x\n{% if true %}y")).Line);
        Assert.Equal(1, Assert.Throws<TemplateException>(() => JinjaTemplate.Parse("{{ x | nosuchfilter }}")).Line);
        Assert.Contains("unknown tag 'extends'", Assert.Throws<TemplateException>(() => JinjaTemplate.Parse("{% extends 'x' %}")).Message, StringComparison.Ordinal);
        Assert.Throws<TemplateException>(() => JinjaTemplate.Parse("{{ 'unclosed }}"));
    }

    // ---- globals ----

    [Fact]
    public void RaiseExceptionThrowsTheTemplatesMessage()
    {
        var e = Assert.Throws<TemplateRaisedException>(() =>
            JinjaTemplate.Parse("a\n{{ raise_exception('Roles must alternate') }}", new TemplateOptions { Name = "t.jinja" }).Render());
        Assert.Equal("Roles must alternate", e.TemplateMessage);
        Assert.Equal("t.jinja, line 2: the template rejected the input: Roles must alternate", e.Message);
    }

    [Fact]
    public void StrftimeNowFormatsTheClock() =>
        Assert.Equal("26 Jul 2024 09:05 July", JinjaTemplate.Parse("{{ strftime_now('%d %b %Y %H:%M %B') }}")
            .Render(clock: () => new DateTime(2024, 7, 26, 9, 5, 0)));

    [Fact]
    public void RangeAndDictGlobals() =>
        Assert.Equal("[0, 1, 2] [1, 3] {'a': 1}", Render("{{ range(3) | list }} {{ range(1, 5, 2) | list }} {{ dict(a=1) }}"));

    // ---- filters ----

    [Theory]
    [InlineData("{{ '  hi  ' | trim }}|{{ 'xxhixx' | trim('x') }}", "hi|hi")]
    [InlineData("{{ 'Hello' | upper }} {{ 'Hello' | lower }} {{ 'hello wORLD-x' | title }} {{ 'hELLO' | capitalize }}", "HELLO hello Hello World-X Hello")]
    [InlineData("{{ [1, 2, 3] | length }} {{ 'abc' | length }} {{ {'a': 1} | count }}", "3 3 1")]
    [InlineData("{{ missing | default('d') }} {{ '' | default('d') }} {{ '' | default('d', true) }} {{ none | d('x') }}", "d  d None")]
    [InlineData("{{ [1, 2, 3] | join(', ') }} {{ 'abc' | join('-') }} {{ [1, 2] | first }} {{ [1, 2] | last }} {{ 'ab' | list }}", "1, 2, 3 a-b-c 1 2 ['a', 'b']")]
    [InlineData("{{ ['a', 'b'] | map('upper') | join }} {{ [1, 2, 3, 4] | select('odd') | list }} {{ [1, 2, 3, 4] | reject('even') | list }}", "AB [1, 3] [1, 3]")]
    [InlineData("{{ 42 | string ~ '!' }} {{ '42' | int + 1 }} {{ '3.7' | int }} {{ 'x' | int(5) }} {{ '2.5' | float }} {{ 3 | float }}", "42! 43 3 5 2.5 3.0")]
    [InlineData("{{ 'aXbX' | replace('X', '-') }} {{ 'aXbX' | replace('X', '-', 1) }} {{ '<a & \"b\">' | escape }} {{ '<b>' | safe }}", "a-b- a-bX &lt;a &amp; &#34;b&#34;&gt; <b>")]
    [InlineData("{{ 'a\\nb\\n\\nc' | indent(2) }}|{{ 'a\\nb' | indent(2, true) }}|{{ 'a\\n\\nb' | indent(1, blank=true) }}", "a\n  b\n\n  c|  a\n  b|a\n \n b")]
    [InlineData("{{ [3, 1, 2] | sort }} {{ [3, 1, 2] | sort(reverse=true) }} {{ ['b', 'A', 'c'] | sort }} {{ [1, 2, 1, 3] | unique | list }}", "[1, 2, 3] [3, 2, 1] ['A', 'b', 'c'] [1, 2, 3]")]
    [InlineData("{% for k, v in {'b': 1, 'a': 2, 'C': 0} | dictsort %}{{ k }}{{ v }}{% endfor %} {% for k, v in {'b': 1, 'a': 2} | dictsort(by='value', reverse=true) %}{{ k }}{% endfor %}", "a2b1C0 ab")]
    [InlineData("{{ 2.567 | round(2) }} {{ 2.5 | round }} {{ 3.5 | round }} {{ 2.1 | round(method='ceil') }} {{ -3 | abs }} {{ [1, 2, 3] | sum }} {{ [4, 9, 2] | max }}", "2.57 2.0 4.0 3.0 3 6 9")]
    [InlineData("{{ [1, 2] | reverse | list }} {{ 'abc' | reverse }} {{ 'one two  three' | wordcount }}", "[2, 1] cba 3")]
    public void FiltersBehaveLikeJinja(string source, string expected) => Assert.Equal(expected, Render(source));

    [Fact]
    public void AttributeFiltersReadDicts()
    {
        var variables = new
        {
            users = new object[]
            {
                new { name = "ann", admin = true, age = 30 },
                new { name = "bob", admin = false, age = 25 },
                new { name = "cy", admin = true, age = 41 },
            },
        };
        Assert.Equal("ann,bob,cy", Render("{{ users | map(attribute='name') | join(',') }}", variables));
        Assert.Equal("ann,cy", Render("{{ users | selectattr('admin') | map(attribute='name') | join(',') }}", variables));
        Assert.Equal("bob", Render("{{ users | rejectattr('admin') | map(attribute='name') | join(',') }}", variables));
        Assert.Equal("cy", Render("{{ users | selectattr('age', 'gt', 30) | map(attribute='name') | join(',') }}", variables));
        Assert.Equal("bob", Render("{{ users | selectattr('name', 'equalto', 'bob') | map(attribute='name') | first }}", variables));
        Assert.Equal("bob,ann,cy", Render("{{ users | sort(attribute='age') | map(attribute='name') | join(',') }}", variables));
        Assert.Equal("ann, bob, cy", Render("{{ users | join(', ', attribute='name') }}", variables));
    }

    [Fact]
    public void TojsonMatchesPythonJsonDumps()
    {
        var variables = new { v = new { s = "é \"q\" \\ \n </x>", n = 1, f = 2.5, b = true, z = (object?)null, l = new object[] { 1, "a" }, e = new object[0], o = new { } } };
        Assert.Equal(
            "{\"s\": \"é \\\"q\\\" \\\\ \\n </x>\", \"n\": 1, \"f\": 2.5, \"b\": true, \"z\": null, \"l\": [1, \"a\"], \"e\": [], \"o\": {}}",
            Render("{{ v | tojson }}", variables));
        Assert.Equal("{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}", Render("{{ {'a': [1, 2], 'b': {}} | tojson(indent=2) }}"));
        Assert.Equal("{\"a\": 1, \"b\": 2}", Render("{{ {'b': 2, 'a': 1} | tojson(sort_keys=true) }}"));
        Assert.Equal("\"\\u00e9\"", Render("{{ 'é' | tojson(ensure_ascii=true) }}"));
        Assert.Equal("{\"a\":1}", Render("{{ {'a': 1} | tojson(separators=(',', ':')) }}"));
    }

    // ---- tests ----

    [Theory]
    [InlineData("{{ x is defined }} {{ missing is defined }} {{ missing is undefined }} {{ none is none }} {{ x is not none }}", "True False True True True")]
    [InlineData("{{ 'a' is string }} {{ 1 is string }} {{ 1 is number }} {{ 1.5 is number }} {{ 1 is integer }} {{ 1.5 is float }}", "True False True True True True")]
    [InlineData("{{ {} is mapping }} {{ [] is mapping }} {{ 'a' is iterable }} {{ [] is iterable }} {{ 1 is iterable }} {{ 'a' is sequence }} {{ {} is sequence }}", "True False True True False True True")]
    [InlineData("{{ true is true }} {{ 1 is true }} {{ false is false }} {{ true is boolean }}", "True False True True")]
    [InlineData("{{ 3 is equalto 3 }} {{ 3 is eq(4) }} {{ 3 is odd }} {{ 4 is even }} {{ 9 is divisibleby 3 }} {{ 2 is in [1, 2] }}", "True False True True True True")]
    [InlineData("{{ 'abc' is lower }} {{ 'ABC' is upper }} {{ range is callable }} {{ 'x' is not string }}", "True True True False")]
    public void TestsFollowJinja(string source, string expected) => Assert.Equal(expected, Render(source, new { x = 1 }));

    // ---- methods ----

    [Theory]
    [InlineData("{{ '  a b  '.strip() }}|{{ 'xxaxx'.strip('x') }}|{{ '  a'.lstrip() }}|{{ 'a\\n\\n'.rstrip('\\n') }}", "a b|a|a|a")]
    [InlineData("{{ 'a b  c'.split() }} {{ 'a,b,,c'.split(',') }} {{ 'a,b,c'.split(',', 1) }} {{ 'a,b,c'.rsplit(',', 1) }}", "['a', 'b', 'c'] ['a', 'b', '', 'c'] ['a', 'b,c'] ['a,b', 'c']")]
    [InlineData("{{ 'abc'.startswith('ab') }} {{ 'abc'.endswith('bc') }} {{ 'abc'.startswith(('x', 'a')) }}", "True True True")]
    [InlineData("{{ 'Ab'.upper() }} {{ 'Ab'.lower() }} {{ \"it's a test\".title() }} {{ 'aBC'.capitalize() }} {{ 'aaa'.replace('a', 'b', 2) }}", "AB ab It'S A Test Abc bba")]
    [InlineData("{{ '-'.join(['a', 'b']) }} {{ 'abcabc'.find('c') }} {{ 'abcabc'.count('bc') }} {{ '12'.isdigit() }} {{ 'a<think>b'.split('<think>')[-1] }}", "a-b 2 2 True b")]
    public void StringMethodsFollowPython(string source, string expected) => Assert.Equal(expected, Render(source));

    [Fact]
    public void DictMethodsAndAttributeAccess()
    {
        var variables = new { d = new { a = 1, b = "x" } };
        Assert.Equal("1 None z", Render("{{ d.get('a') }} {{ d.get('zz') }} {{ d.get('zz', 'z') }}", variables));
        Assert.Equal("['a', 'b'] [1, 'x'] a1bx", Render("{{ d.keys() | list }} {{ d.values() | list }} {% for k, v in d.items() %}{{ k }}{{ v }}{% endfor %}", variables));
        Assert.Equal("1 x 1", Render("{{ d.a }} {{ d['b'] }} {{ d['a'] }}", variables));
    }

    [Fact]
    public void LoopCycleAlternates() =>
        Assert.Equal("odd even odd ", Render("{% for i in range(3) %}{{ loop.cycle('odd', 'even') }} {% endfor %}"));

    [Fact]
    public void AParsedTemplateRendersManyTimesWithDifferentVariables()
    {
        var template = JinjaTemplate.Parse("{% for m in messages %}{{ m }}{% endfor %}");
        Assert.Equal("ab", template.Render(new Dictionary<string, object?> { ["messages"] = new[] { "a", "b" } }));
        Assert.Equal("c", template.Render(new Dictionary<string, object?> { ["messages"] = new List<string> { "c" } }));
        Assert.Equal("", template.Render());
    }
}
