// Uses the TypeScript client generated from the served OpenAPI document (openapi-typescript
// types, openapi-fetch calls) against a running server, as an applicant: opens the
// application, uploads a PDF whose bytes are not UTF-8, downloads it byte for byte, and
// reads the document list and the application back, typed. Run by .ci/clients.
import { createHash } from "node:crypto";
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/schema.js";

type DocumentView = components["schemas"]["DocumentView"];
type Stage = components["schemas"]["Stage"];

function need(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function fail(step: string, error: unknown, response: Response): never {
  throw new Error(`${step}: ${response.status} ${JSON.stringify(error)}`);
}

/** A small PDF carrying bytes that are not UTF-8 (a binary comment and raw 0x00..0xff). */
function samplePdf(): Uint8Array<ArrayBuffer> {
  const head = new TextEncoder().encode("%PDF-1.4\n%");
  const binary = Uint8Array.from({ length: 256 }, (_, i) => i);
  const tail = new TextEncoder().encode("\n%%EOF\n");
  return Uint8Array.from([...head, 0xe2, 0xe3, 0xcf, 0xd3, 0x0a, ...binary, ...tail]);
}

const id = need("CHARTER_APPLICATION");
const client = createClient<paths>({
  baseUrl: need("CHARTER_URL"),
  headers: { Authorization: `Bearer ${need("CHARTER_TOKEN")}` },
});

const opened = await client.POST("/api/v1/applications", {
  body: {
    city: "Lisbon",
    country: "PT",
    hub_name: "Impact Hub Lisbon",
    founders: [{ name: "Ana Sousa", email: "ana@example.org" }],
  },
});
if (!opened.data) fail("open the application", opened.error, opened.response);

const pdf = samplePdf();
const uploaded = await client.POST("/api/v1/applications/{id}/documents", {
  params: { path: { id }, query: { kind: "preliminary_report", file_name: "report.pdf" } },
  body: new Blob([pdf], { type: "application/pdf" }),
  // The body is the file itself, sent as it is, with its own media type.
  bodySerializer: (file: Blob) => file,
  headers: { "Content-Type": "application/pdf" },
});
if (!uploaded.data) fail("upload the document", uploaded.error, uploaded.response);
const token = uploaded.response.headers.get("Consistency-Token") ?? String(uploaded.data.position);
const location = uploaded.response.headers.get("Location");
if (location !== `/api/v1/applications/${id}/documents/preliminary_report/1`) {
  throw new Error(`the upload's Location is ${location}`);
}

const downloaded = await client.GET("/api/v1/applications/{id}/documents/{kind}/{version}", {
  params: {
    path: { id, kind: "preliminary_report", version: 1 },
    query: { min_position: uploaded.data.position },
    header: { "Consistency-Token": token },
  },
  parseAs: "arrayBuffer",
});
if (!downloaded.data) fail("download the document", downloaded.error, downloaded.response);
const bytes = new Uint8Array(downloaded.data);
if (bytes.length !== pdf.length || bytes.some((byte, i) => byte !== pdf[i])) {
  throw new Error(`the download differs from the upload (${bytes.length} bytes)`);
}
const mediaType = downloaded.response.headers.get("Content-Type");
if (mediaType !== "application/pdf") throw new Error(`downloaded as ${mediaType}`);

const listed = await client.GET("/api/v1/applications/{id}/documents", {
  params: { path: { id }, query: { min_position: uploaded.data.position } },
});
if (!listed.data) fail("list the documents", listed.error, listed.response);
const documents: DocumentView[] = listed.data.items;
if (listed.data.next !== null) throw new Error(`one document, yet a next page: ${listed.data.next}`);
const report = documents.find((document) => document.kind === "preliminary_report");
const sha256 = createHash("sha256").update(pdf).digest("hex");
if (!report || report.version !== 1 || report.size !== pdf.length || report.sha256 !== sha256) {
  throw new Error(`the document list shows ${JSON.stringify(documents)}`);
}

const read = await client.GET("/api/v1/applications/{id}", {
  params: { path: { id }, query: { min_position: uploaded.data.position } },
});
if (!read.data) fail("read the application", read.error, read.response);
const stage: Stage = read.data.stage;
if (stage !== "applied") throw new Error(`the application is at ${stage}`);

console.log(`typescript client: uploaded and downloaded ${pdf.length} bytes, stage ${stage}`);
