// A foreign CouchDB peer for the sync tests: PouchDB 9 in Node with its own database on disk, replicating
// with the server as every PouchDB does (its replication writes with new_edits=false, so concurrent edits
// become conflict branches on the server). One command per run; the answer is JSON on stdout.
//   node peer.js <dir> pull <db url>             replicate the server into the local database
//   node peer.js <dir> push <db url>             replicate the local database to the server
//   node peer.js <dir> set <id> <path> <json>    set a field of a local document (path like /data/company/city)
//   node peer.js <dir> set-all <prefix> <path> <json>  set a field of every local document whose id starts so
//   node peer.js <dir> set-all-settled <prefix> <path> <json>  the same, leaving out documents in conflict here
//   node peer.js <dir> unset <id> <path>         remove a field of a local document
//   node peer.js <dir> put <json>                write a new local document
//   node peer.js <dir> delete <id>               delete a local document
//   node peer.js <dir> delete-settled <id>...    delete those local documents that have no conflicting leaves here
//   node peer.js <dir> exists <id>               whether a live local document has that id
//   node peer.js <dir> get <id>                  a local document with its _conflicts
'use strict';
const PouchDB = require('pouchdb');

const [dir, command, ...args] = process.argv.slice(2);
const db = new PouchDB(dir);

function walk(doc, path) {
  const keys = path.split('/').filter(Boolean);
  const last = keys.pop();
  const parent = keys.reduce((node, key) => node[key], doc);
  return [parent, last];
}

async function run() {
  switch (command) {
    case 'pull': return PouchDB.replicate(args[0], db).then(r => ({ docs_written: r.docs_written }));
    case 'push': return PouchDB.replicate(db, args[0]).then(r => ({ docs_written: r.docs_written }));
    case 'set': {
      const doc = await db.get(args[0]);
      const [parent, key] = walk(doc, args[1]);
      parent[key] = JSON.parse(args[2]);
      return db.put(doc);
    }
    case 'set-all':
    case 'set-all-settled': {
      const all = await db.allDocs({ include_docs: true, conflicts: true, startkey: args[0], endkey: args[0] + '\uffff' });
      // "settled": only documents without conflicting leaves here, as a client that resolves its own does.
      const rows = all.rows.filter(row => command === 'set-all' || !row.doc._conflicts);
      const docs = rows.map(row => {
        delete row.doc._conflicts;
        const [parent, key] = walk(row.doc, args[1]);
        parent[key] = JSON.parse(args[2]);
        return row.doc;
      });
      return db.bulkDocs(docs).then(written => ({ written: written.length, ids: written.map(w => w.id) }));
    }
    case 'unset': {
      const doc = await db.get(args[0]);
      const [parent, key] = walk(doc, args[1]);
      delete parent[key];
      return db.put(doc);
    }
    case 'put': return db.put(JSON.parse(args[0]));
    case 'delete': return db.get(args[0]).then(doc => db.remove(doc));
    case 'delete-settled': {
      const all = await db.allDocs({ include_docs: true, conflicts: true, keys: args });
      const docs = all.rows
        .filter(row => row.doc && !row.doc._conflicts)
        .map(row => ({ _id: row.id, _rev: row.doc._rev, _deleted: true }));
      return db.bulkDocs(docs).then(written => ({ ids: written.filter(w => w.ok).map(w => w.id) }));
    }
    case 'exists': return db.get(args[0]).then(() => true, () => false);
    case 'get': return db.get(args[0], { conflicts: true });
    default: throw new Error(`unknown command ${command}`);
  }
}

run()
  .then(answer => { process.stdout.write(JSON.stringify(answer)); return db.close(); })
  .catch(error => { process.stderr.write(String(error && error.stack || error)); process.exit(1); });
