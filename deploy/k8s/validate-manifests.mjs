// Validates Kubernetes documents (JSON array on stdin) with kubernetes-models' schema validators and
// prints [{ ref, error }] for every document that fails or whose kind it does not know.
// A separate ES module because kubernetes-models is published as ES modules only and the specs run
// as CommonJS; manifests.spec.ts runs it.
import { readFileSync } from 'node:fs';
import process from 'node:process';

const documents = JSON.parse(readFileSync(0, 'utf8'));
const failures = [];
for (const doc of documents) {
  const ref = `${doc.kind}/${doc.metadata?.name}`;
  const [group, version] = doc.apiVersion.includes('/') ? doc.apiVersion.split('/') : [null, doc.apiVersion];
  const path = group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`;
  try {
    const models = await import(path);
    const Model = models[doc.kind];
    if (!Model) throw new Error(`kind not in ${path}`);
    new Model(doc).validate();
  } catch (error) {
    failures.push({ ref, error: String(error?.message ?? error).slice(0, 2000) });
  }
}
process.stdout.write(JSON.stringify(failures));
