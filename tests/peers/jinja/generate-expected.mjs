// Regenerates tests/TestData/chat-templates/expected.json: every template in models.json rendered with
// every conversation in conversations.json (tool conversations only for templates that take tools),
// with add_generation_prompt true and false, by @huggingface/jinja. Run: node generate-expected.mjs
import { Template } from "@huggingface/jinja";
import { readFileSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const dataDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "TestData", "chat-templates");
const models = JSON.parse(readFileSync(join(dataDir, "models.json"), "utf8"));
const conversations = JSON.parse(readFileSync(join(dataDir, "conversations.json"), "utf8"));
const cases = [];
for (const [model, info] of Object.entries(models)) {
  const template = new Template(readFileSync(join(dataDir, `${model}.jinja`), "utf8"));
  for (const [conversation, convo] of Object.entries(conversations)) {
    if (convo.tools && !info.tools) continue;
    for (const addGenerationPrompt of [true, false]) {
      const context = {
        messages: convo.messages,
        add_generation_prompt: addGenerationPrompt,
        bos_token: info.bos_token,
        eos_token: info.eos_token,
        ...(info.extra ?? {}),
        ...(convo.tools ? { tools: convo.tools } : {}),
      };
      const entry = { model, conversation, add_generation_prompt: addGenerationPrompt };
      try {
        entry.output = template.render(structuredClone(context));
      } catch (e) {
        entry.error = String(e.message ?? e);
      }
      cases.push(entry);
    }
  }
}
writeFileSync(join(dataDir, "expected.json"), JSON.stringify(cases, null, 1) + "\n");
console.log(`wrote ${cases.length} cases`);
