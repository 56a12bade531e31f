// Generates the TypeScript types of the served OpenAPI document into generated/schema.d.ts.
// The Node API rather than the CLI: a file body (`format: binary`) becomes a `Blob`, which
// `fetch` sends as raw bytes, where the CLI's default would type it as a string.
import fs from "node:fs";
import ts from "typescript";
import openapiTS, { astToString } from "openapi-typescript";

const [document] = process.argv.slice(2);
if (!document) {
  console.error("usage: node generate.mjs OPENAPI_JSON");
  process.exit(2);
}
const blob = ts.factory.createTypeReferenceNode(ts.factory.createIdentifier("Blob"));
const ast = await openapiTS(JSON.parse(fs.readFileSync(document, "utf8")), {
  transform(schema) {
    if (schema.format === "binary") return blob;
    return undefined;
  },
});
fs.mkdirSync(new URL("./generated/", import.meta.url), { recursive: true });
fs.writeFileSync(new URL("./generated/schema.d.ts", import.meta.url), astToString(ast));
