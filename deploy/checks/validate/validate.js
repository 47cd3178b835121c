#!/usr/bin/env node
// Validates every object of one or more multi-document YAML files (e.g. `kubectl kustomize` output) against
// its schema: the Kubernetes API schemas (kubernetes-models) for built-in kinds, the KEDA and
// prometheus-operator CRD schemas for their kinds. An object of a kind without a schema here is an error,
// not a pass. Prints one line per object; exits 1 if any object is invalid.
//   node validate.js rendered.yaml [more.yaml ...]      (or '-' for stdin)
'use strict';

const fs = require('fs');
const yaml = require('js-yaml');

// apiVersion -> the package module holding its model classes.
function modulePath(apiVersion) {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  if (group === 'keda.sh' || group === 'eventing.keda.sh') {
    return `@kubernetes-models/keda/${group}/${version}`;
  }
  if (group === 'monitoring.coreos.com') {
    return `@kubernetes-models/prometheus-operator/${group}/${version}`;
  }
  return group === '' ? `kubernetes-models/${version}` : `kubernetes-models/${group}/${version}`;
}

function modelFor(apiVersion, kind) {
  let mod;
  try {
    mod = require(modulePath(apiVersion));
  } catch (e) {
    return null;
  }
  return mod[kind] || null;
}

function describe(error) {
  if (error && Array.isArray(error.errors)) {
    return error.errors.map((e) => `${e.instancePath || e.dataPath || ''} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`).join('; ');
  }
  return String(error && error.message ? error.message : error);
}

let failures = 0;
let count = 0;
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node validate.js FILE.yaml [...]  (- for stdin)');
  process.exit(2);
}
for (const file of files) {
  const text = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  for (const doc of yaml.loadAll(text)) {
    if (doc == null) continue;
    count++;
    const name = `${doc.apiVersion}/${doc.kind} ${doc.metadata && doc.metadata.namespace ? doc.metadata.namespace + '/' : ''}${doc.metadata && doc.metadata.name}`;
    if (!doc.apiVersion || !doc.kind) {
      console.log(`INVALID ${name}: no apiVersion or kind`);
      failures++;
      continue;
    }
    const Model = modelFor(doc.apiVersion, doc.kind);
    if (!Model) {
      console.log(`INVALID ${name}: no schema known for ${doc.apiVersion} ${doc.kind}`);
      failures++;
      continue;
    }
    try {
      new Model(doc).validate();
      console.log(`ok ${name}`);
    } catch (e) {
      console.log(`INVALID ${name}: ${describe(e)}`);
      failures++;
    }
  }
}
console.log(`${count} objects, ${failures} invalid`);
process.exit(failures === 0 && count > 0 ? 0 : 1);
