// Renders chat templates with @huggingface/jinja, the engine transformers.js uses, so that Wren's
// Jinja engine can be compared with it. Reads a JSON array of { "template": string, "context": object }
// from stdin and writes a JSON array of { "output": string } or { "error": string } to stdout, in order.
import { Template } from "@huggingface/jinja";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const jobs = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const results = jobs.map(({ template, context }) => {
  try {
    return { output: new Template(template).render(context) };
  } catch (e) {
    return { error: String(e && e.message ? e.message : e) };
  }
});
process.stdout.write(JSON.stringify(results));
