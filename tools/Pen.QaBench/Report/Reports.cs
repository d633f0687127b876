using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using System.Xml;
using Pen.QaBench.Steps;

namespace Pen.QaBench.Report
{
    /// <summary>What the report says about the run besides the results.</summary>
    public sealed class RunInfo
    {
        public string Plan, PlanFile, Operator, Bench, Reference, Date, Command;
        public Dictionary<string, string> Identity = new Dictionary<string, string>();
        public string ClockSync = "";
        public string TruthNote = "";
    }

    /// <summary>
    /// The report: one self-contained HTML file (plots embedded as PNG, no link out; one inline script that only marks how
    /// many plots decoded, for CI's headless browser) with the run's identity,
    /// a table per requirement (measured value, limit, basis, verdict) and the transcript; and JUnit XML for a CI server.
    /// </summary>
    public static class Reports
    {
        public static string Html(RunInfo info, List<Result> results, IList<(string Title, byte[] Png)> plots)
        {
            int pass = results.Count(r => r.Verdict == Verdict.Pass), fail = results.Count - pass;
            var sb = new StringBuilder();
            sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>QA report: ").Append(E(info.Plan)).Append("</title>\n<style>\n")
              .Append("body{font-family:'DejaVu Sans',Arial,sans-serif;margin:24px;color:#222}h1{font-size:22px}h2{font-size:18px;margin-top:28px}")
              .Append("table{border-collapse:collapse;margin:8px 0;font-size:13px}td,th{border:1px solid #bbb;padding:3px 7px;text-align:left;vertical-align:top}")
              .Append("th{background:#eee}.PASS{background:#d9f2d9}.FAIL,.ERROR{background:#f7d4d4;font-weight:bold}.NOTRUN{background:#fde9c4}")
              .Append(".summary{font-size:16px;padding:8px;border:2px solid #888;display:inline-block}img{max-width:100%;border:1px solid #ccc;margin:6px 0}")
              .Append("pre{font-size:11px;background:#f6f6f6;padding:8px;max-height:400px;overflow:auto}\n</style></head><body>\n");
            sb.Append("<h1>QA report: ").Append(E(info.Plan)).Append("</h1>\n");
            sb.Append("<p class=\"summary\" id=\"summary\">").Append(fail == 0 ? "PASS" : "FAIL").Append(": ").Append(pass).Append(" of ").Append(results.Count)
              .Append(" checks pass").Append(fail > 0 ? ", " + fail + " do not" : "").Append("</p>\n");
            sb.Append("<table id=\"identity\">\n");
            Row(sb, "plan", info.Plan + " (" + info.PlanFile + ")");
            Row(sb, "firmware", Get(info.Identity, "firmware") + ", build " + Get(info.Identity, "build") + ", protocol " + Get(info.Identity, "protocol"));
            Row(sb, "unit", Get(info.Identity, "unit") + " (board " + Get(info.Identity, "board") + "; calibration: ADC " + Get(info.Identity, "adccal") + ", depth " + Get(info.Identity, "depthcal") + ", supply " + Get(info.Identity, "supplycal") + ")");
            Row(sb, "operator", info.Operator);
            Row(sb, "date", info.Date);
            Row(sb, "bench", info.Bench);
            Row(sb, "reference instrument", info.Reference + (info.ClockSync.Length > 0 ? "; " + info.ClockSync : ""));
            if (info.TruthNote.Length > 0) Row(sb, "simulated pen's truth", info.TruthNote);
            Row(sb, "command", info.Command);
            sb.Append("</table>\n");

            sb.Append("<h2>Plots</h2>\n");
            foreach (var (title, png) in plots)
                sb.Append("<figure><img class=\"plot\" alt=\"").Append(E(title)).Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(png)).Append("\"><figcaption>").Append(E(title)).Append("</figcaption></figure>\n");

            sb.Append("<h2>Results by requirement</h2>\n<p>Each check names the requirement it verifies (docs/requirements.md). Basis: whose measurement the verdict rests on.</p>\n");
            bool truth = results.Any(r => r.TruthVerdict.HasValue);
            foreach (var group in results.GroupBy(r => r.Requirement))
            {
                sb.Append("<h3 id=\"").Append(E(group.Key)).Append("\">").Append(E(group.Key)).Append("</h3>\n<table class=\"results\"><tr><th>check</th><th>what</th><th>measured</th><th>limit</th><th>basis</th><th>verdict</th>")
                  .Append(truth ? "<th>plant's truth</th>" : "").Append("<th>detail</th></tr>\n");
                foreach (Result r in group)
                {
                    string v = Word(r.Verdict);
                    sb.Append("<tr><td>").Append(E(r.Id)).Append("</td><td>").Append(E(r.What)).Append("</td><td>").Append(E(r.Measured)).Append("</td><td>").Append(E(r.Limit))
                      .Append("</td><td>").Append(E(r.Basis)).Append("</td><td class=\"").Append(v.Replace(" ", "")).Append("\">").Append(v).Append("</td>");
                    if (truth) sb.Append("<td>").Append(r.TruthVerdict.HasValue ? Word(r.TruthVerdict.Value) + (r.TruthVerdict == r.Verdict ? " (agrees)" : " (DISAGREES)") + " " + E(r.TruthMeasured) : "").Append("</td>");
                    sb.Append("<td>").Append(E(r.Detail)).Append("</td></tr>\n");
                }

                sb.Append("</table>\n");
            }

            sb.Append("<h2>How to read this report</h2>\n<p>PASS: measured within the limit. FAIL: outside it. ERROR: the pen refused or did not answer (the detail says what). NOT RUN: a step it depends on did not succeed. ")
              .Append("The run fails (the tool exits 1) when any check is not PASS. Rates are strokes per second over the stated window; depth in mm; the reference instrument's stroke times and gauge readings are its own, the pen's readings come from its STATUS and STREAM lines.</p>\n");
            // a self-check for a browser (CI opens the report headless): how many plots decoded, and any error the page saw
            sb.Append("<script>\n(function(){var errors=0;window.addEventListener('error',function(){errors++;},true);")
              .Append("window.addEventListener('load',function(){var ok=0,imgs=document.querySelectorAll('img.plot');")
              .Append("for(var i=0;i<imgs.length;i++){if(imgs[i].complete&&imgs[i].naturalWidth>0)ok++;else errors++;}")
              .Append("document.body.setAttribute('data-plots',ok+'/'+imgs.length);document.body.setAttribute('data-errors',String(errors));});})();\n</script>\n");
            sb.Append("</body></html>\n");
            return sb.ToString();
        }

        /// <summary>The transcript as a separate text file (the HTML stays readable).</summary>
        public static string JUnit(RunInfo info, List<Result> results, double seconds)
        {
            var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
            var sb = new StringBuilder();
            using (var w = XmlWriter.Create(sb, settings))
            {
                w.WriteStartElement("testsuites");
                w.WriteStartElement("testsuite");
                w.WriteAttributeString("name", info.Plan);
                w.WriteAttributeString("tests", results.Count.ToString(CultureInfo.InvariantCulture));
                w.WriteAttributeString("failures", results.Count(r => r.Verdict == Verdict.Fail).ToString(CultureInfo.InvariantCulture));
                w.WriteAttributeString("errors", results.Count(r => r.Verdict == Verdict.Error).ToString(CultureInfo.InvariantCulture));
                w.WriteAttributeString("skipped", results.Count(r => r.Verdict == Verdict.NotRun).ToString(CultureInfo.InvariantCulture));
                w.WriteAttributeString("time", seconds.ToString("0.000", CultureInfo.InvariantCulture));
                w.WriteAttributeString("timestamp", info.Date);
                w.WriteStartElement("properties");
                foreach (var kv in new[] { ("firmware", Get(info.Identity, "firmware")), ("build", Get(info.Identity, "build")), ("unit", Get(info.Identity, "unit")), ("operator", info.Operator), ("bench", info.Bench), ("reference", info.Reference) })
                {
                    w.WriteStartElement("property");
                    w.WriteAttributeString("name", kv.Item1);
                    w.WriteAttributeString("value", kv.Item2);
                    w.WriteEndElement();
                }

                w.WriteEndElement();
                foreach (Result r in results)
                {
                    w.WriteStartElement("testcase");
                    w.WriteAttributeString("classname", r.Requirement);
                    w.WriteAttributeString("name", r.Id + ": " + r.What);
                    string message = "measured " + r.Measured + "; limit " + r.Limit + "; basis " + r.Basis + (r.Detail.Length > 0 ? "; " + r.Detail : "");
                    if (r.Verdict == Verdict.Fail || r.Verdict == Verdict.Error)
                    {
                        w.WriteStartElement(r.Verdict == Verdict.Fail ? "failure" : "error");
                        w.WriteAttributeString("message", message);
                        w.WriteEndElement();
                    }
                    else if (r.Verdict == Verdict.NotRun)
                    {
                        w.WriteStartElement("skipped");
                        w.WriteAttributeString("message", r.Detail);
                        w.WriteEndElement();
                    }
                    else
                    {
                        w.WriteElementString("system-out", message);
                    }

                    w.WriteEndElement();
                }

                w.WriteEndElement();
                w.WriteEndElement();
            }

            return sb.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"");
        }

        public static string Word(Verdict v) => v == Verdict.NotRun ? "NOT RUN" : v.ToString().ToUpperInvariant();

        private static string Get(Dictionary<string, string> d, string k) => d.TryGetValue(k, out string v) ? v : "(not read)";

        private static void Row(StringBuilder sb, string key, string value) => sb.Append("<tr><th>").Append(E(key)).Append("</th><td>").Append(E(value)).Append("</td></tr>\n");

        private static string E(string s) => WebUtility.HtmlEncode(s ?? "");
    }
}
