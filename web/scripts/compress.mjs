// Writes a gzip copy beside each text asset of web/dist (FILE.gz), so that
// govhall serves the UI precompressed to browsers that accept gzip.  Run
// after `vite build` (npm run build does).  Node's own zlib; no package.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync, constants } from 'node:zlib'

const root = new URL('../dist/', import.meta.url).pathname
const text = /\.(js|css|html|svg|json|yaml|txt)$/
let files = 0, before = 0, after = 0

function walk (dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) { walk(p); continue }
    if (!text.test(name) || statSync(p).size < 1024) continue
    const raw = readFileSync(p)
    const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION })
    if (gz.length >= raw.length) continue
    writeFileSync(p + '.gz', gz)
    files++; before += raw.length; after += gz.length
  }
}

walk(root)
console.log(`compress: ${files} files, ${(before / 1024).toFixed(0)} KiB -> ${(after / 1024).toFixed(0)} KiB gzip`)
