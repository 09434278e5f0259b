// Reads Kubernetes objects (a multi-document YAML stream) on stdin and validates each against the OpenAPI schema of
// its apiVersion and kind, as compiled into the pinned kubernetes-models package (Kubernetes 1.34 API). Prints one
// line per problem and exits 1 when there is any; an apiVersion/kind the package does not know is a problem too.
import { readFileSync } from "node:fs";
import yaml from "js-yaml";

const problems = [];
let count = 0;
for (const object of yaml.loadAll(readFileSync(0, "utf8"))) {
  if (object == null) {
    continue;
  }
  count++;
  const name = `${object.apiVersion}/${object.kind} ${object.metadata?.name}`;
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : [null, object.apiVersion];
  const path = group ? `kubernetes-models/${group}/${version}/${object.kind}` : `kubernetes-models/${version}/${object.kind}`;
  let Model;
  try {
    Model = (await import(path))[object.kind];
  } catch (e) {
    problems.push(`${name}: no schema for this apiVersion and kind (${path})`);
    continue;
  }
  try {
    new Model(object).validate();
  } catch (e) {
    problems.push(`${name}: ${e.message}`);
  }
}
problems.forEach((p) => console.log(p));
console.log(`${count} objects, ${problems.length} problems`);
process.exit(problems.length === 0 && count > 0 ? 0 : 1);
