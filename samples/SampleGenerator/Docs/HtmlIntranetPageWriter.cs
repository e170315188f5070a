using System.Net;
using System.Text;

namespace Wren.Samples.Generator.Docs;

/// <summary>
/// Wraps a speech in a company-intranet page, the way HTML arrives from a crawl or an export: a
/// menu, a header, a cookie banner, a sidebar, scripts, styles and a footer around the one part
/// worth keeping. Six layouts, from HTML5 semantic tags to 2003-era tables and SharePoint-style
/// div nesting, so main-content extraction cannot rely on &lt;main&gt; or &lt;nav&gt; being there.
/// </summary>
public static class HtmlIntranetPageWriter
{
    public const int LayoutCount = 6;

    private static readonly (string Label, string Href)[] MenuLinks =
    [
        ("Home", "/"), ("News", "/news/"), ("People Directory", "/people/"), ("Policies", "/policies/"),
        ("Research Library", "/library/"), ("IT Helpdesk", "/it/"), ("Facilities", "/facilities/"), ("Benefits", "/hr/benefits/"),
    ];

    private static readonly string[] RelatedTitles =
    [
        "Travel and expenses policy (2003)", "Quarterly all-hands: slides", "How to book a meeting room",
        "Library opening hours", "New starter checklist", "Records retention schedule",
    ];

    private const string CookieText =
        "We use cookies to improve your experience on the Acme intranet and to understand how pages are used. " +
        "By continuing to browse you agree to our use of cookies.";

    private const string Copyright = "© 2003 Acme Corp. All rights reserved.";

    public static string Render(SpeechSections doc, int layout) => (layout % LayoutCount) switch
    {
        0 => Semantic(doc),
        1 => DivSoup(doc),
        2 => Tables(doc),
        3 => BootstrapLike(doc),
        4 => SharePointLike(doc),
        _ => WikiLike(doc),
    };

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Body(SpeechSections doc, string headingTag, string paragraphAttributes = "")
    {
        var html = new StringBuilder();
        foreach ((string heading, IReadOnlyList<string> paragraphs) in doc.Sections)
        {
            html.Append($"<{headingTag}>{E(heading)}</{headingTag}>\n");
            foreach (string paragraph in paragraphs)
            {
                html.Append($"<p{paragraphAttributes}>{E(paragraph)}</p>\n");
            }
        }

        return html.ToString();
    }

    private static string Menu(string itemTag, string listTag = "ul", string listAttributes = "")
    {
        var html = new StringBuilder($"<{listTag}{listAttributes}>");
        foreach ((string label, string href) in MenuLinks)
        {
            html.Append($"<{itemTag}><a href=\"{href}\">{E(label)}</a></{itemTag}>");
        }

        return html.Append($"</{listTag}>").ToString();
    }

    private static string Related(string itemTag = "li") =>
        string.Concat(RelatedTitles.Select((title, i) => $"<{itemTag}><a href=\"/library/doc/{1040 + i}\">{E(title)}</a></{itemTag}>"));

    private const string Analytics =
        "<script>\n(function(w,d){w._acmeq=w._acmeq||[];w._acmeq.push(['trackPageview']);var s=d.createElement('script');" +
        "s.async=true;s.src='/static/js/insight.min.js';d.head.appendChild(s);})(window,document);\n</script>\n";

    private static string Semantic(SpeechSections doc) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{E(doc.Speech.Title)}} | Acme Intranet</title>
        <link rel="stylesheet" href="/static/css/intranet.css">
        <style>
          body { font-family: "Segoe UI", Arial, sans-serif; margin: 0; }
          header, footer { background: #0b3d6b; color: #fff; padding: 12px 24px; }
          .cookie-banner { position: fixed; bottom: 0; left: 0; right: 0; background: #222; color: #eee; padding: 16px; }
          aside { float: right; width: 260px; }
        </style>
        </head>
        <body>
        <header>
          <a class="logo" href="/"><img src="/static/img/acme-logo.svg" alt="Acme Corp."></a>
          <form class="search" action="/search"><input type="search" name="q" placeholder="Search the intranet"><button>Search</button></form>
          <nav aria-label="Main">{{Menu("li")}}</nav>
        </header>
        <div class="cookie-banner" id="cookie-banner" role="dialog" aria-label="Cookie consent">
          <p>{{E(CookieText)}} <a href="/privacy/cookies">Read our cookie policy</a>.</p>
          <button id="cookie-accept">Accept all</button> <button id="cookie-settings">Manage preferences</button>
        </div>
        <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/">Home</a> › <a href="/library/">Research Library</a> › <span>{{doc.Speech.Year}}</span></nav>
        <main id="content">
        <article>
        <h1>{{E(doc.Speech.Title)}}</h1>
        <p class="byline">Delivered by {{E(doc.Speech.President)}} ({{E(doc.PartyName)}}). Filed by the Research Library.</p>
        {{Body(doc, "h2")}}
        </article>
        <aside>
          <h3>Related documents</h3>
          <ul>{{Related()}}</ul>
          <h3>Need help?</h3>
          <p>Contact the Research Library on extension 4410 or <a href="mailto:library@acme.example">library@acme.example</a>.</p>
        </aside>
        </main>
        <footer>
          <nav aria-label="Footer"><a href="/privacy">Privacy</a> · <a href="/terms">Terms of use</a> · <a href="/accessibility">Accessibility</a> · <a href="/it/">IT Helpdesk (ext. 4357)</a></nav>
          <p>{{Copyright}} Internal use only.</p>
        </footer>
        {{Analytics}}<script>
        document.getElementById('cookie-accept').addEventListener('click', function () {
          document.cookie = 'acme_consent=all; path=/; max-age=31536000';
          document.getElementById('cookie-banner').style.display = 'none';
        });
        </script>
        </body>
        </html>

        """;

    private static string DivSoup(SpeechSections doc) => $$"""
        <!DOCTYPE html>
        <html>
        <head>
        <meta http-equiv="Content-Type" content="text/html; charset=utf-8">
        <title>Library :: {{E(doc.Speech.Title)}}</title>
        <style type="text/css">
        #header { height: 80px; background: url(/img/banner.jpg); }
        .menu { background: #ddd; } .menu a { padding: 4px 10px; color: #036; }
        #content { margin-left: 200px; } .sidebar { position: absolute; left: 0; width: 180px; }
        #footer { clear: both; font-size: 11px; color: #666; border-top: 1px solid #ccc; }
        .cookie-notice { background: #ffc; border: 1px solid #cc9; padding: 8px; }
        </style>
        <script type="text/javascript" src="/js/jquery-1.12.4.min.js"></script>
        <script type="text/javascript">
        var ACME = ACME || {}; ACME.user = { id: 0, dept: "unknown" }; ACME.page = "library/{{doc.Speech.Stem}}";
        $(function () { $(".cookie-notice .close").click(function () { $(".cookie-notice").hide(); }); });
        </script>
        </head>
        <body>
        <div class="cookie-notice">{{E(CookieText)}} <a href="#" class="close">OK</a> | <a href="/privacy/cookies">More info</a></div>
        <div id="header"><div class="logo"><a href="/">ACME Intranet</a></div><div class="userbox">Welcome, guest | <a href="/login">Log in</a></div></div>
        <div class="menu">{{string.Concat(MenuLinks.Select(l => $"<a href=\"{l.Href}\">{E(l.Label)}</a> "))}}</div>
        <div class="sidebar">
        <div class="box"><div class="box-title">In this section</div>{{string.Concat(RelatedTitles.Take(4).Select((t, i) => $"<div class=\"item\"><a href=\"/library/doc/{2000 + i}\">{E(t)}</a></div>"))}}</div>
        <div class="box"><div class="box-title">Quick links</div><div class="item"><a href="/timesheet">Timesheets</a></div><div class="item"><a href="/canteen">Canteen menu</a></div></div>
        </div>
        <div id="content">
        <div class="title">{{E(doc.Speech.Title)}}</div>
        <div class="meta">Posted in Research Library / Presidential Addresses</div>
        {{Body(doc, "h3")}}
        <div class="share">Share: <a href="/share?mail">E-mail</a> <a href="/print">Print</a></div>
        </div>
        <div id="footer">{{Copyright}} &nbsp;|&nbsp; <a href="/privacy">Privacy</a> &nbsp;|&nbsp; <a href="/contact">Contact</a> &nbsp;|&nbsp; Page maintained by the Web Team</div>
        </body>
        </html>

        """;

    private static string Tables(SpeechSections doc) => $$"""
        <!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">
        <HTML>
        <HEAD>
        <META http-equiv="Content-Type" content="text/html; charset=utf-8">
        <TITLE>{{E(doc.Speech.Title)}}</TITLE>
        <LINK rel="stylesheet" type="text/css" href="/styles/main.css">
        <SCRIPT language="JavaScript">
        <!--
        function MM_swapImage() { var i, j = 0, x, a = MM_swapImage.arguments; document.MM_sr = new Array; }
        function openHelp() { window.open('/help/popup.htm', 'help', 'width=400,height=300'); }
        //-->
        </SCRIPT>
        </HEAD>
        <BODY bgcolor="#FFFFFF" leftmargin="0" topmargin="0">
        <TABLE width="100%" border="0" cellpadding="0" cellspacing="0">
        <TR><TD colspan="2" bgcolor="#003366" height="60"><IMG src="/images/acme_top.gif" width="400" height="60" alt="ACME CORP INTRANET"></TD></TR>
        <TR>
        <TD width="160" valign="top" bgcolor="#E6E6E6" class="nav">
        <TABLE width="100%" cellpadding="4">{{string.Concat(MenuLinks.Select(l => $"<TR><TD><A href=\"{l.Href}\"><FONT face=\"Verdana\" size=\"1\">{E(l.Label)}</FONT></A></TD></TR>"))}}</TABLE>
        <BR><FONT size="1">Last updated: 03/10/2003</FONT>
        </TD>
        <TD valign="top" class="body">
        <FONT face="Georgia, Times New Roman"><B><FONT size="5">{{E(doc.Speech.Title)}}</FONT></B></FONT><BR>
        <FONT size="2" color="#666666">{{E(doc.Speech.President)}} &middot; {{doc.WordCount}} words</FONT>
        {{Body(doc, "H3")}}
        <P align="right"><A href="#top">Back to top</A></P>
        </TD>
        </TR>
        <TR><TD colspan="2" align="center" bgcolor="#E6E6E6"><FONT size="1">{{Copyright}} | <A href="/legal.htm">Legal notice</A> | <A href="javascript:openHelp()">Help</A> | Best viewed in Internet Explorer 6 at 1024x768</FONT></TD></TR>
        </TABLE>
        <DIV id="cookiewarn" style="position:absolute;top:0;right:0;width:300px;background:#FFFFCC;border:1px solid #999;padding:6px"><FONT size="1">{{E(CookieText)}} <A href="#" onclick="document.getElementById('cookiewarn').style.display='none'">Close</A></FONT></DIV>
        </BODY>
        </HTML>

        """;

    private static string BootstrapLike(SpeechSections doc) => $$"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">
          <meta name="description" content="Acme Research Library: {{E(doc.Speech.Title)}}">
          <link rel="stylesheet" href="/vendor/bootstrap/4.6.2/css/bootstrap.min.css">
          <title>{{E(doc.Speech.Title)}} - Research Library - Acme</title>
          <script type="application/ld+json">{"@context":"https://schema.org","@type":"Article","headline":"{{doc.Speech.AsciiTitle}}","publisher":{"@type":"Organization","name":"Acme Corp." } }</script>
        </head>
        <body class="d-flex flex-column h-100">
          <nav class="navbar navbar-expand-lg navbar-dark bg-primary">
            <a class="navbar-brand" href="/">Acme</a>
            <button class="navbar-toggler" type="button" data-toggle="collapse" data-target="#nav"><span class="navbar-toggler-icon"></span></button>
            <div class="collapse navbar-collapse" id="nav">{{Menu("li class=\"nav-item\"", "ul", " class=\"navbar-nav mr-auto\"").Replace("</li class=\"nav-item\">", "</li>")}}</div>
          </nav>
          <div class="container mt-4">
            <ol class="breadcrumb"><li class="breadcrumb-item"><a href="/">Home</a></li><li class="breadcrumb-item"><a href="/library/">Library</a></li><li class="breadcrumb-item active">{{doc.Speech.Year}}</li></ol>
            <div class="row">
              <div class="col-md-9 doc-body">
                <h1 class="display-5">{{E(doc.Speech.Title)}}</h1>
                <p class="lead text-muted">{{E(doc.Speech.President)}}, {{E(doc.PartyName)}}</p>
        {{Body(doc, "h4", " class=\"text-justify\"")}}
              </div>
              <div class="col-md-3">
                <div class="card mb-3"><div class="card-header">Related</div><ul class="list-group list-group-flush">{{Related("li class=\"list-group-item\"").Replace("</li class=\"list-group-item\">", "</li>")}}</ul></div>
                <div class="card"><div class="card-body small">Was this page helpful? <a href="/feedback?yes">Yes</a> / <a href="/feedback?no">No</a></div></div>
              </div>
            </div>
          </div>
          <footer class="footer mt-auto py-3 bg-light"><div class="container"><span class="text-muted">{{Copyright}}</span> <a href="/privacy">Privacy</a> <a href="/terms">Terms</a> <a href="/sitemap">Sitemap</a></div></footer>
          <div class="modal fade show" id="cookieConsent" tabindex="-1" style="display:block">
            <div class="modal-dialog"><div class="modal-content"><div class="modal-body">{{E(CookieText)}}</div>
            <div class="modal-footer"><button class="btn btn-secondary" data-dismiss="modal">Reject non-essential</button><button class="btn btn-primary" data-dismiss="modal">Accept</button></div></div></div>
          </div>
          <script src="/vendor/jquery/3.5.1/jquery.slim.min.js"></script>
          <script src="/vendor/bootstrap/4.6.2/js/bootstrap.bundle.min.js"></script>
        {{Analytics}}</body>
        </html>

        """;

    private static string SharePointLike(SpeechSections doc)
    {
        // A __VIEWSTATE blob: long, base64-looking and meaningless, as on every ASP.NET page.
        var random = new Random(doc.Speech.Year);
        byte[] state = new byte[1200];
        random.NextBytes(state);
        string viewState = Convert.ToBase64String(state);
        return $$"""
        <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
        <html dir="ltr" lang="en-US" xmlns="http://www.w3.org/1999/xhtml">
        <head><meta http-equiv="X-UA-Compatible" content="IE=10" /><meta http-equiv="Content-type" content="text/html; charset=utf-8" />
        <title>
        	Library - {{E(doc.Speech.AsciiTitle)}}
        </title>
        <link rel="stylesheet" type="text/css" href="/_layouts/15/1033/styles/Themable/corev15.css?rev=OqAycmyMLoQIDkAlzHdMhQ%3D%3D"/>
        <script type="text/javascript" src="/_layouts/15/init.js?rev=ZzqqCn%2Bp8sDC9ZXc8nj%2BLQ%3D%3D"></script>
        <script type="text/javascript">var _spPageContextInfo = {webServerRelativeUrl: "/sites/library", webTitle: "Research Library", userId: 17, currentLanguage: 1033};</script>
        <style type="text/css">.ms-cookiebar{background:#fff4ce;padding:10px;border-bottom:1px solid #e1c77a}</style>
        </head>
        <body>
        <form method="post" action="./{{doc.Speech.Stem}}.aspx" id="aspnetForm">
        <div class="aspNetHidden"><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{{viewState}}" /></div>
        <div id="ms-designer-ribbon"><div id="s4-ribbonrow"><div id="globalNavBox"><span class="ms-core-brandingText">Acme SharePoint</span> <a href="/_layouts/15/viewlsts.aspx">Site contents</a> <a href="/_layouts/15/settings.aspx">Settings</a> <a href="/_layouts/15/SignOut.aspx">Sign out</a></div></div></div>
        <div class="ms-cookiebar" id="CookieBar">{{E(CookieText)}} <a href="/sites/hr/privacy.aspx">Details</a> <a href="#" onclick="return AcmeDismissCookieBar();">Dismiss</a></div>
        <div id="s4-workspace"><div id="s4-bodyContainer">
        <div id="s4-titlerow"><div class="ms-breadcrumb-top"><a href="/sites/library">Research Library</a> &gt; <a href="/sites/library/Addresses">Presidential Addresses</a></div><h1 id="pageTitle" class="ms-core-pageTitle"><span id="DeltaPlaceHolderPageTitleInTitleArea">{{E(doc.Speech.Title)}}</span></h1></div>
        <div id="contentRow">
        <div id="sideNavBox" class="ms-dialogHidden ms-forceWrap ms-noList"><div class="ms-core-navigation"><div id="zz14_V4QuickLaunchMenu">{{Menu("li", "ul", " class=\"root ms-core-listMenu-root static\"")}}</div><div class="ms-core-listMenu-verticalBox"><a href="/sites/library/_layouts/15/viewlsts.aspx">Recent</a> <a href="/sites/library/SitePages/Home.aspx">Home</a></div></div></div>
        <div id="contentBox" aria-live="polite" aria-relevant="all"><div id="DeltaPlaceHolderMain">
        <div class="ms-rtestate-field">
        <div class="ms-rteElement-P"><b>{{E(doc.Speech.President)}}</b>, {{doc.Speech.Year}}</div>
        {{Body(doc, "h2", " class=\"ms-rteElement-P\"")}}
        </div>
        <div class="ms-webpart-zone"><div class="ms-webpart-chrome-title">Documents in this library</div>{{string.Concat(RelatedTitles.Select((t, i) => $"<div class=\"ms-listviewtable-row\"><a href=\"/sites/library/Shared%20Documents/{i + 1}.docx\">{E(t)}</a></div>"))}}</div>
        </div></div>
        </div>
        <div class="ms-footer" id="footerArea">{{Copyright}} Content owner: Research Library. <a href="/sites/it/Pages/Accessibility.aspx">Accessibility</a></div>
        </div></div>
        </form>
        <script type="text/javascript">function AcmeDismissCookieBar(){document.getElementById('CookieBar').style.display='none';return false;}
        ExecuteOrDelayUntilScriptLoaded(function(){SP.SOD.executeFunc('sp.js','SP.ClientContext',function(){});},'sp.js');</script>
        </body>
        </html>

        """;
    }

    private static string WikiLike(SpeechSections doc) => $$"""
        <!DOCTYPE html>
        <html>
        <head>
        <title>{{E(doc.Speech.Title)}} - Research - Acme Wiki</title>
        <meta charset="UTF-8">
        <meta name="ajs-page-id" content="{{doc.Speech.Year * 137}}">
        <meta name="ajs-space-key" content="RES">
        <link rel="stylesheet" href="/wiki/s/batch.css" media="all">
        <script src="/wiki/s/batch.js" data-wrm-key="_super" data-wrm-batch-type="context"></script>
        </head>
        <body id="com-acme-wiki" class="theme-default aui-layout aui-theme-default">
        <div id="page">
        <div id="full-height-container">
        <div id="header-precursor"><div class="cell"><div id="cookies-message" class="aui-message aui-message-info closeable">{{E(CookieText)}} <span class="aui-icon icon-close" role="button" tabindex="0"></span></div></div></div>
        <header id="header" role="banner"><nav class="aui-header aui-dropdown2-trigger-group" role="navigation"><div class="aui-header-primary"><h1 id="logo" class="aui-header-logo"><a href="/wiki/"><span class="aui-header-logo-device">Acme Wiki</span></a></h1>{{Menu("li", "ul", " class=\"aui-nav\"")}}</div><div class="aui-header-secondary"><form id="quick-search" action="/wiki/dosearchsite.action"><input id="quick-search-query" name="queryString" placeholder="Search"></form></div></nav></header>
        <div id="main" class="aui-page-panel">
        <div id="sidebar-container"><div class="acs-side-bar"><div class="space-name">Research</div><ul class="acs-nav-list"><li><a href="/wiki/display/RES/Overview">Overview</a></li><li><a href="/wiki/pages/recentlyupdated.action">Recently updated</a></li><li><a href="/wiki/display/RES/Blog">Blog</a></li></ul><div class="page-tree">{{Related()}}</div></div></div>
        <div id="main-header"><div id="navigation" class="content-navigation view"><ul class="ajs-menu-bar"><li><a id="editPageLink" href="/wiki/pages/editpage.action">Edit</a></li><li><a href="/wiki/pages/viewpageattachments.action">Attachments (0)</a></li><li><a id="action-menu-link" href="#">...</a></li></ul></div>
        <h1 id="title-heading" class="pagetitle with-breadcrumbs"><span id="title-text"><a href="/wiki/display/RES/{{doc.Speech.Stem}}">{{E(doc.Speech.Title)}}</a></span></h1></div>
        <div id="content" class="page view">
        <div class="page-metadata"><ul><li class="page-metadata-modification-info">Created by <a href="/wiki/display/~dwhitfield">Dana Whitfield</a>, last modified on Mar 10, 2003</li></ul></div>
        <div id="main-content" class="wiki-content">
        <div class="confluence-information-macro confluence-information-macro-information"><div class="confluence-information-macro-body"><p>Full text of the address by {{E(doc.Speech.President)}}, filed for the policy team.</p></div></div>
        {{Body(doc, "h2")}}
        </div>
        <div id="likes-and-labels-container"><div id="labels-section" class="pageSection group"><div class="labels-content">Labels: <a href="/wiki/label/RES/addresses">addresses</a> <a href="/wiki/label/RES/{{doc.Speech.Year}}">{{doc.Speech.Year}}</a></div></div></div>
        <div id="comments-section" class="pageSection group"><div class="section-header"><h2 id="comments-section-title" class="section-title">1 Comment</h2></div><ol class="comment-threads top-level"><li><div class="comment-user">Marcus Oyelaran</div><div class="comment-content wiki-content"><p>Thanks, linked from the briefing pack.</p></div></li></ol></div>
        </div>
        </div>
        <div id="footer" role="contentinfo"><section class="footer-body"><ul id="poweredby"><li class="noprint">Powered by Acme Wiki 5.2</li><li class="print-only">Printed by Acme Wiki</li></ul><ul><li><a href="/wiki/report-issue">Report a bug</a></li><li><a href="/news">News</a></li></ul><p>{{Copyright}}</p></section></div>
        </div>
        </div>
        <script>AJS.$(function(){AJS.$('#cookies-message .icon-close').on('click',function(){AJS.$('#cookies-message').remove();});});</script>
        </body>
        </html>

        """;
}
