// What a browser test of govhall needs: a real `govhall serve` on a fresh
// demo database (the UI embedded in the binary), Debian's chromium through
// playwright-core, a runner that prints "ok - ..." lines and ends with
// "N passed, N failed", and a watch that fails the run on any JavaScript
// or console error.  Used by application.test.mjs (issue 10).
//
// Environment: GOVHALL_BIN (default build/govhall), GH_SOURCE_DIR (the
// repository; default two levels up), CHROMIUM (default /usr/bin/chromium),
// GH_E2E_KEEP=1 keeps the temporary directory.

import { spawn, spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
export const repo = path.resolve(process.env.GH_SOURCE_DIR || path.join(here, '..', '..'))
export const bin = path.resolve(process.env.GOVHALL_BIN || path.join(repo, 'build', 'govhall'))
export const shots = path.join(here, 'screenshots')
export const TODAY = '2026-11-23'
export const PASSWORD = 'govhall-demo'
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium'

const results = []
const jsErrors = []
let server = null
let serverLog = ''
let tmp = null

function fatal(msg) {
  console.error('e2e: ' + msg)
  console.log('0 passed, 1 failed')
  process.exit(1)
}

/** Checks what the tests need; answers playwright's chromium. */
export function preflight() {
  if (!fs.existsSync(path.join(repo, 'web', 'dist', 'index.html'))) fatal('web/dist/index.html is missing: build the UI first (make web)')
  if (!fs.existsSync(bin)) fatal(`govhall binary not found at ${bin} (set GOVHALL_BIN)`)
  if (!/^web-ui: embedded/m.test(spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout || '')) {
    fatal(`${bin} carries no web UI (govhall --version): rebuild it after make web`)
  }
  if (!fs.existsSync(chromiumPath)) fatal(`${chromiumPath} not found: install Debian's chromium (scripts/deps.sh with GH_E2E=1)`)
  try {
    return createRequire(path.join(repo, 'web', 'package.json'))('playwright-core').chromium
  } catch (e) {
    fatal('playwright-core is not installed: run npm ci in web/ (make web)')
  }
  return null
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)) })
  })
}

/** Starts govhall on a new demo database with extra serve arguments; answers its base URL. */
export async function startServer(extra = []) {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govhall-e2e-'))
  const db = path.join(tmp, 'govhall.db')
  const demo = spawnSync(bin, ['demo', db, '--today', TODAY], { encoding: 'utf8' })
  if (demo.status !== 0) throw new Error('govhall demo failed: ' + demo.stderr + demo.stdout)
  const port = await freePort()
  server = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--today', TODAY,
    '--sweep-interval', '0', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] })
  server.stdout.on('data', d => { serverLog += d })
  server.stderr.on('data', d => { serverLog += d })
  const base = `http://127.0.0.1:${port}`
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(base + '/api/v1/health')
      if (r.ok) return base
    } catch (e) { /* not up yet */ }
    if (server.exitCode !== null) break
    await new Promise(r => setTimeout(r, 100))
  }
  throw new Error('govhall serve did not start:\n' + serverLog)
}

/** What the server wrote to its log so far (serve --sms-log writes SMS there). */
export function log() { return serverLog }

export async function launch(chromium) {
  fs.mkdirSync(shots, { recursive: true })
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync']
  })
}

/** A new page in its own context (its own cookies), watched for errors. */
export async function newPage(browser, who, opts) {
  const ctx = await browser.newContext(opts || { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
  const page = await ctx.newPage()
  page.setDefaultTimeout(15000)
  page.on('pageerror', e => jsErrors.push(`${who}: page error on ${page.url()}: ${e.message}`))
  page.on('console', m => {
    if (m.type() !== 'error') return
    const text = m.text()
    // a refused request the test makes on purpose logs a failed load
    if (page.allowHttpErrors && /^Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return
    jsErrors.push(`${who}: console error on ${page.url()}: ${text}`)
  })
  return page
}

let stopRest = false
/** Runs one step; after a failure the later steps of the flow are skipped. */
export async function test(name, fn) {
  if (stopRest) {
    results.push({ name, ok: false })
    console.log(`not ok - ${name} (skipped)`)
    return
  }
  const t0 = Date.now()
  try {
    await fn()
    results.push({ name, ok: true })
    console.log(`ok - ${name} (${Date.now() - t0} ms)`)
  } catch (e) {
    results.push({ name, ok: false })
    stopRest = true
    console.log(`not ok - ${name}\n  ${String(e.stack || e).split('\n').slice(0, 6).join('\n  ')}`)
  }
}

export function assert(cond, msg) { if (!cond) throw new Error('assertion failed: ' + msg) }

export async function shot(page, name) {
  await page.waitForTimeout(250)
  await page.screenshot({ path: path.join(shots, name + '.png'), fullPage: false })
}

/** Logs in on the login page with a username, phone or ID number. */
export async function login(page, base, user, password = PASSWORD) {
  await page.goto(base + '/login')
  await page.getByLabel('用户名').fill(user)
  await page.getByLabel('密码', { exact: true }).fill(password)
  await page.getByRole('button', { name: '登录' }).click()
  await page.waitForURL(u => !u.pathname.startsWith('/login'))
}

/** Runs main, then reports: "N passed, N failed"; exits 0 only when all pass. */
export async function run(main) {
  let code = 1
  try {
    await main()
    await test('no JavaScript errors on any page', async () => {
      assert(jsErrors.length === 0, jsErrors.length + ' error(s):\n' + jsErrors.join('\n'))
    })
  } catch (e) {
    results.push({ name: 'set-up', ok: false })
    console.log('not ok - set-up\n  ' + (e.stack || e))
  } finally {
    if (server) server.kill('SIGTERM')
    if (tmp && process.env.GH_E2E_KEEP) console.log('kept ' + tmp)
    else if (tmp) fs.rmSync(tmp, { recursive: true, force: true })
    const passed = results.filter(r => r.ok).length
    const failed = results.length - passed
    if (failed) console.log('server log (tail):\n' + serverLog.split('\n').slice(-15).join('\n'))
    console.log(`${passed} passed, ${failed} failed`)
    code = failed ? 1 : 0
  }
  process.exit(code)
}
