// Times @huggingface/jinja on the jobs Wren.Bench.Templates sends on stdin: [{ name, template, context, expected }].
// The template is parsed once (as transformers.js caches it) and rendered N times (argv[2]).
// Prints [{ name, us, same }]: CPU microseconds per render and whether the output equals Wren's.
import { Template } from "@huggingface/jinja";

const iterations = Number(process.argv[2] ?? 20000);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const jobs = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const results = jobs.map(({ name, template, context, expected }) => {
  const compiled = new Template(template);
  const output = compiled.render(context);
  for (let i = 0; i < 2000; i++) compiled.render(context);
  // CPU time (user + system), like the Wren side, so a loaded machine does not skew the ratio.
  const start = process.cpuUsage();
  for (let i = 0; i < iterations; i++) compiled.render(context);
  const used = process.cpuUsage(start);
  const us = (used.user + used.system) / iterations;
  return { name, us, same: output === expected };
});
process.stdout.write(JSON.stringify(results));
