#!/usr/bin/env node
// Browser tests of the govhall web UI (issue 3).
//
// Starts a real `govhall serve` on a fresh demo database in a temporary
// directory, serving the UI embedded in the binary (built from web/dist, as
// users get it: no --static), and drives Debian's
// chromium headless through playwright-core (never a downloaded browser):
// an applicant finds an item, reads its guide, applies and sees the query
// code; a clerk requests materials with the one-time notice; the applicant
// supplements; the clerk accepts and hands over to review; the reviewer
// approves every step; the clerk completes; the public progress page shows
// 办结.  Also: a walk-in 即办件 completed at the window, the reviewer's
// suspend/resume, the admin pages, phone width, and a visible Chinese
// error.  The supervisor's dashboard (issue 4): its lights equal
// GET /supervision/board and its red list GET /supervision/cases, a red
// case drills down to its timeline, a 督办单 is issued, replied to and
// closed, an anomaly reviewed; a clerk is refused the dashboard; the
// public daily page equals GET /public/daily, at phone width too.
// The organisation (管理 > 组织机构): the admin adds a clerk at a window, the
// clerk logs in elsewhere, the admin resets the clerk's password and the
// clerk's open page is sent to log in again, told the login expired.  A
// reviewer's case page shows the open review step's own light in words.
// Issue 10: a case page at 375 px has no horizontal scrolling and every
// action button on screen, shows who holds it and who reviews next, and
// the clerk names the reviewer; the demo chief's bell, 我的消息, approval
// queue and the statistics CSV download.  Issue 11: the admin puts an item
// in the 绿色通道; its guide says 绿色通道:承诺N个工作日 and the window's
// queue puts its case, tagged with the reason, before newer normal ones.
// Screenshots of every main page go to tests/e2e/screenshots/.
// Any JavaScript error or console error on any page fails the run.
//
// Environment: GOVHALL_BIN (default build/govhall), GH_SOURCE_DIR (the
// repository; default two levels up), CHROMIUM (default /usr/bin/chromium),
// GH_E2E_KEEP=1 keeps the temporary directory.
// Ends with the line "N passed, N failed"; exit status 0 only when all pass.

import { spawn, spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const repo = path.resolve(process.env.GH_SOURCE_DIR || path.join(here, '..', '..'))
const bin = path.resolve(process.env.GOVHALL_BIN || path.join(repo, 'build', 'govhall'))
const dist = path.join(repo, 'web', 'dist')
const shots = path.join(here, 'screenshots')
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium'
const TODAY = '2026-11-23'
const PASSWORD = 'govhall-demo'
// An item of 灵川县市场监督管理局 (the demo reviewer's department) whose
// review steps are all the reviewer's: 受理 (clerk) then 审核 (reviewer).
const ITEM_NAME = '股权出质设立登记'
// A 即办件 of the same department, for the walk-in test.
const INSTANT_QUERY = '食品经营许可(注销)'

function fatal(msg) {
  console.error('e2e: ' + msg)
  console.log('0 passed, 1 failed')
  process.exit(1)
}

if (!fs.existsSync(path.join(dist, 'index.html'))) fatal(`${dist}/index.html is missing: build the UI first (make web)`)
if (!fs.existsSync(bin)) fatal(`govhall binary not found at ${bin} (set GOVHALL_BIN)`)
if (!/^web-ui: embedded/m.test(spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout || '')) {
  fatal(`${bin} carries no web UI (govhall --version): rebuild it after make web`)
}
if (!fs.existsSync(chromiumPath)) fatal(`${chromiumPath} not found: install Debian's chromium (scripts/deps.sh with GH_E2E=1)`)
let chromium
try {
  chromium = createRequire(path.join(repo, 'web', 'package.json'))('playwright-core').chromium
} catch (e) {
  fatal('playwright-core is not installed: run npm ci in web/ (make web)')
}

/* ---- server ---------------------------------------------------------------- */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govhall-e2e-'))
const db = path.join(tmp, 'govhall.db')
let server = null
let serverLog = ''

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)) })
  })
}

async function startServer() {
  const demo = spawnSync(bin, ['demo', db, '--today', TODAY], { encoding: 'utf8' })
  if (demo.status !== 0) throw new Error('govhall demo failed: ' + demo.stderr + demo.stdout)
  const port = await freePort()
  // no periodic sweep: its writes (cards, notices, anomalies) would race
  // the checks of the dashboard against the API
  server = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--today', TODAY,
    '--sweep-interval', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] })
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

/* ---- runner ---------------------------------------------------------------- */

const results = []
const jsErrors = []
let stopRest = false

async function test(name, fn) {
  if (stopRest) {
    results.push({ name, ok: false, why: 'skipped: an earlier step of the flow failed' })
    console.log(`not ok - ${name} (skipped)`)
    return
  }
  const t0 = Date.now()
  try {
    await fn()
    results.push({ name, ok: true })
    console.log(`ok - ${name} (${Date.now() - t0} ms)`)
  } catch (e) {
    results.push({ name, ok: false, why: e.stack || String(e) })
    console.log(`not ok - ${name}\n  ${String(e.stack || e).split('\n').slice(0, 6).join('\n  ')}`)
  }
}

function assert(cond, msg) { if (!cond) throw new Error('assertion failed: ' + msg) }

let expectHttpErrors = false
// Pages whose session is ended on purpose: their next call answers 401,
// which chromium logs as a failed resource load; only that is allowed.
const expect401 = new Set()

function watch(page, who) {
  page.on('pageerror', e => jsErrors.push(`${who}: page error on ${page.url()}: ${e.message}`))
  page.on('console', m => {
    if (m.type() !== 'error') return
    const text = m.text()
    // A deliberate 4xx (the error-display test) makes chromium log the
    // failed resource load; nothing else may log an error.
    if (expectHttpErrors && /^Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return
    if (expect401.has(page) && /^Failed to load resource: the server responded with a status of 401 /.test(text)) return
    jsErrors.push(`${who}: console error on ${page.url()}: ${text}`)
  })
}

async function shot(page, name) {
  await page.waitForTimeout(250) // let transitions settle
  await page.screenshot({ path: path.join(shots, name + '.png'), fullPage: false })
}

/* ---- helpers ---------------------------------------------------------------- */

const loggedIn = new Set()
async function login(page, base, user, password = PASSWORD) {
  loggedIn.add(page)
  await page.goto(base + '/login')
  await page.getByLabel('用户名').fill(user)
  await page.getByLabel('密码', { exact: true }).fill(password)
  await page.getByRole('button', { name: '登录' }).click()
  await page.waitForURL(u => !u.pathname.startsWith('/login'))
}

/** GET /api/v1<p> with the page's session (its cookie), as the page itself would. */
async function apiGet(page, p) {
  const r = await page.evaluate(async (u) => {
    const res = await fetch(u, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
    return { status: res.status, body: await res.json() }
  }, '/api/v1' + p)
  if (r.status !== 200) throw new Error(`GET ${p}: HTTP ${r.status} ${JSON.stringify(r.body)}`)
  return r.body
}

/** POST /api/v1<p> with the page's session and its CSRF token. */
async function apiPost(page, p, body) {
  const r = await page.evaluate(async ([u, b]) => {
    const m = document.cookie.match(/(?:^|; )gh_csrf=([^;]*)/)
    const res = await fetch(u, {
      method: 'POST', credentials: 'same-origin', body: JSON.stringify(b),
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': m ? decodeURIComponent(m[1]) : '' }
    })
    return { status: res.status, body: await res.json() }
  }, ['/api/v1' + p, body])
  if (r.status !== 200 && r.status !== 201) throw new Error(`POST ${p}: HTTP ${r.status} ${JSON.stringify(r.body)}`)
  return r.body
}

/** Opens the first case of the reviewer's 本部门审查中 queue; answers its id. */
async function openReviewCase(page, base) {
  if (!loggedIn.has(page)) await login(page, base, 'reviewer')
  await page.goto(base + '/review')
  await page.getByRole('tab', { name: /本部门审查中/ }).click()
  const first = page.locator('a[data-code]').first()
  await first.waitFor()
  await first.click()
  await page.waitForURL(/\/desk\/cases\/\d+/)
  return page.url().match(/\/desk\/cases\/(\d+)/)[1]
}

/** Valid values for the required fields of item it's form (as the API
 * tests' ghtest.sample_form). */
function sampleForm(it) {
  const values = {
    text: '测试', address: '灵川县测试路1号', phone: '13812345678', id_number: '11010519491231002X',
    credit_code: '91350100M000100Y43', date: '2026-01-05', number: 1, money: 10000
  }
  const form = {}
  for (const sec of (it.form && it.form.sections) || []) {
    for (const f of sec.fields) {
      if (!f.required) continue
      if (f.type === 'choice') form[f.key] = f.options[0]
      else if (f.min !== undefined && ['number', 'money', 'date'].includes(f.type)) form[f.key] = f.min
      else form[f.key] = values[f.type]
    }
  }
  return form
}

async function stateOf(page) {
  return (await page.locator('header.head .state-tag').first().innerText()).trim()
}

/** Runs a case action: the button, then the dialog's confirm button. */
async function act(page, action, fill) {
  await page.locator(`[data-act="${action}"]`).click()
  const dlg = page.getByRole('dialog')
  await dlg.waitFor()
  if (fill) await fill(dlg)
  const before = await page.locator('.el-timeline-item').count()
  await dlg.locator('[data-test="confirm"]').click()
  await dlg.waitFor({ state: 'hidden' })
  // the page reloads the case: wait until the timeline grew
  await page.waitForFunction(n => document.querySelectorAll('.el-timeline-item').length > n, before)
}

/* ---- the tests -------------------------------------------------------------- */

async function main() {
  fs.mkdirSync(shots, { recursive: true })
  const base = await startServer()
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync']
  })
  const desktop = { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' }
  const phone = { viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
  const newPage = async (who, opts = desktop) => {
    const ctx = await browser.newContext(opts)
    const page = await ctx.newPage()
    page.setDefaultTimeout(15000)
    watch(page, who)
    return page
  }

  const applicant = await newPage('applicant')
  const clerk = await newPage('clerk')
  const reviewer = await newPage('reviewer')
  let queryCode = ''
  let caseUrl = ''
  let supervisor = null

  try {
    await test('hall: the item guide lists and filters items', async () => {
      await applicant.goto(base + '/')
      await applicant.getByText(/共找到 \d+ 个事项/).waitFor()
      const all = await applicant.locator('article.item').count()
      assert(all === 12, `12 items on the first page, got ${all}`)
      await shot(applicant, 'hall')
      // filter: 即办件 only
      await applicant.locator('.filters').getByText('即办件', { exact: true }).click()
      await applicant.waitForURL(/instant=true/)
      await applicant.locator('article.item').first().waitFor()
      const tags = await applicant.locator('article.item .el-tag--dark').allInnerTexts()
      assert(tags.length > 0 && tags.every(t => t.trim() === '即办件'), 'only 即办件 after filtering: ' + tags.join(','))
      // search by name, over both kinds again
      await applicant.locator('.filters').getByText('全部', { exact: true }).click()
      await applicant.waitForURL(u => !u.search.includes('instant'))
      await applicant.getByLabel('事项名称或编码').fill(ITEM_NAME)
      await applicant.getByRole('button', { name: '搜索' }).click()
      await applicant.waitForURL(/q=/)
      await applicant.getByRole('link', { name: ITEM_NAME, exact: true }).waitFor()
      await shot(applicant, 'hall-search')
    })

    await test('hall: the full 八公开 guide of an item, with its flow chart', async () => {
      await applicant.getByRole('link', { name: ITEM_NAME, exact: true }).click()
      await applicant.waitForURL(/\/items\//)
      await applicant.getByRole('heading', { level: 1, name: ITEM_NAME }).waitFor()
      for (const h of ['基本信息', '设定依据', '受理条件', '申请材料', '办理流程', '办理时限', '收费标准', '办理结果', '咨询与监督投诉'])
        await applicant.getByRole('heading', { level: 2, name: h }).waitFor()
      const body = await applicant.locator('main').innerText()
      for (const t of ['法定时限', '承诺时限', '主件', '到办事现场次数', '监督投诉', '灵川县市场监督管理局'])
        assert(body.includes(t), `guide shows ${t}`)
      const nodes = await applicant.locator('ol.flow > li').count()
      assert(nodes >= 3, 'flow chart has the application, the steps and the result')
      await shot(applicant, 'guide')
      await applicant.screenshot({ path: path.join(shots, 'guide-full.png'), fullPage: true })
    })

    await test('applicant: logs in, declares materials, submits and sees the query code', async () => {
      await applicant.getByRole('link', { name: '在线申报' }).first().click()
      await applicant.waitForURL(/\/login/)
      await applicant.getByLabel('用户名').fill('applicant')
      await applicant.getByLabel('密码', { exact: true }).fill(PASSWORD)
      await applicant.getByRole('button', { name: '登录' }).click()
      await applicant.waitForURL(/\/apply$/)
      await applicant.getByRole('heading', { name: '在线申报:' + ITEM_NAME }).waitFor()
      // the application form (申请表)
      await applicant.locator('[data-test="app-form"]').waitFor()
      await applicant.locator('#ff-org_name').fill('灵川县示范商贸有限公司')
      await applicant.locator('#ff-credit_code').fill('91450323MA5KXXXX0L')
      await applicant.locator('#ff-legal_rep').fill('王小明')
      await applicant.locator('#ff-contact_name').fill('王小明')
      await applicant.locator('#ff-contact_phone').fill('13956436912')
      const boxes = applicant.locator('.mat-list .el-checkbox')
      const n = await boxes.count()
      assert(n >= 3, 'the material checklist lists the item\'s materials')
      // declare the first two only: the clerk will ask for the rest
      await boxes.nth(0).click()
      await boxes.nth(1).click()
      // submitting without the promise is refused with a visible message
      await applicant.getByRole('button', { name: '提交申报' }).click()
      await applicant.locator('.err').getByText('本人承诺').waitFor()
      await applicant.locator('[data-test="promise"]').click()
      await shot(applicant, 'apply')
      await applicant.getByRole('button', { name: '提交申报' }).click()
      const code = applicant.locator('[data-test="query-code"]')
      await code.waitFor()
      queryCode = (await code.innerText()).trim()
      assert(/^[0-9A-Z]{12}$/.test(queryCode), 'a 12-character query code, got ' + queryCode)
      await shot(applicant, 'apply-done')
    })
    stopRest = !queryCode

    await test('applicant: 我的办件 shows the new case, its state and its timeline', async () => {
      await applicant.getByRole('link', { name: '我的办件' }).click()
      await applicant.waitForURL(/\/my$/)
      const link = applicant.locator(`a[data-code="${queryCode}"]`)
      await link.waitFor()
      await shot(applicant, 'my-cases')
      await link.click()
      await applicant.waitForURL(/\/my\/cases\/\d+/)
      assert(await stateOf(applicant) === '已申报', 'state 已申报')
      await applicant.getByText('网上申报').first().waitFor()
    })

    await test('clerk: the window queue shows the case; the one-time notice asks for all missing materials at once', async () => {
      await login(clerk, base, 'clerk')
      await clerk.waitForURL(/\/desk$/)
      await clerk.getByRole('heading', { name: '窗口工作台' }).waitFor()
      const link = clerk.locator(`a[data-code="${queryCode}"]`)
      await link.waitFor()
      await shot(clerk, 'desk')
      await link.click()
      await clerk.waitForURL(/\/desk\/cases\/\d+/)
      caseUrl = clerk.url()
      await clerk.getByText('剩余工作日').or(clerk.getByText('尚未受理')).first().waitFor()
      await act(clerk, 'request_materials', async (dlg) => {
        const checked = await dlg.locator('.el-checkbox.is-checked').count()
        assert(checked >= 1, 'the materials not received are pre-checked')
        await dlg.getByText('一次性告知书(预览)').waitFor()
        await dlg.getByLabel('补充说明(选填)').fill('请携带原件到窗口核验')
      })
      assert(await stateOf(clerk) === '待补正', 'state 待补正 after the notice')
      await clerk.locator('[data-test="notice"]').getByText('一次性告知书').waitFor()
      await shot(clerk, 'desk-notice')
    })

    await test('applicant: reads the notice and supplements the materials', async () => {
      await applicant.reload()
      await applicant.locator('[data-test="notice"]').waitFor()
      await act(applicant, 'supplement', async (dlg) => {
        // nothing is declared for the applicant: they tick what they bring
        const checked = await dlg.locator('.el-checkbox.is-checked').count()
        assert(checked === 0, 'the 补正 dialog starts unticked, not ' + checked)
        const boxes = dlg.locator('.el-checkbox')
        for (let i = 0; i < await boxes.count(); i++) await boxes.nth(i).click()
      })
      assert(await stateOf(applicant) === '已申报', 'back to 已申报 after the supplement')
      const supplied = await applicant.locator('[data-test="notice"] [data-test="supplied"]').count()
      assert(supplied >= 1, 'the notice marks what was supplied 已补正')
    })

    await test('clerk: accepts (the clock starts) and hands the case over to review', async () => {
      await clerk.goto(caseUrl)
      await act(clerk, 'accept')
      assert(await stateOf(clerk) === '已受理', 'state 已受理')
      const remaining = (await clerk.locator('[data-test="remaining"]').innerText()).trim()
      assert(/^\d+$/.test(remaining), 'remaining working days shown: ' + remaining)
      await clerk.getByText('期限是怎么算的?').click()
      await clerk.getByText(/受理\(当日不计入\)/).waitFor()
      await act(clerk, 'start_review')
      assert(await stateOf(clerk) === '审查中', 'state 审查中')
      await shot(clerk, 'desk-case')
    })

    await test('reviewer: finds the case in the review desk and approves every step', async () => {
      await login(reviewer, base, 'reviewer')
      await reviewer.waitForURL(/\/review$/)
      await reviewer.getByRole('tab', { name: /本部门审查中/ }).click()
      const link = reviewer.locator(`a[data-code="${queryCode}"]`)
      await link.waitFor()
      await shot(reviewer, 'review')
      await link.click()
      await reviewer.waitForURL(/\/desk\/cases\/\d+/)
      for (let i = 0; i < 6 && (await stateOf(reviewer)) === '审查中'; i++) {
        await act(reviewer, 'approve', async (dlg) => {
          await dlg.getByLabel('审查意见').fill('材料齐全,符合法定条件,同意')
        })
      }
      assert(await stateOf(reviewer) === '已决定', 'state 已决定 after the last step')
      await shot(reviewer, 'review-case')
    })

    await test('clerk: completes the decided case (出证办结)', async () => {
      await clerk.goto(caseUrl)
      await act(clerk, 'complete')
      assert(await stateOf(clerk) === '已办结', 'state 已办结')
      assert((await clerk.locator('[data-test="outcome"]').innerText()).includes('出证办结'), 'outcome 出证办结')
    })

    await test('public: the progress page shows 办结 without login, at phone width', async () => {
      const pub = await newPage('public-phone', phone)
      await pub.goto(base + '/progress')
      await pub.getByLabel('查询码').fill(queryCode)
      await pub.getByRole('button', { name: '查询' }).click()
      const box = pub.locator('[data-test="progress"]')
      await box.waitFor()
      const text = await box.innerText()
      assert(text.includes('已办结'), 'progress shows 已办结')
      assert(text.includes('王*明'), 'the applicant name is masked')
      const overflow = await pub.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert(overflow <= 1, 'no horizontal scrolling at 390px, overflow ' + overflow)
      await shot(pub, 'progress-phone')
      await pub.context().close()
    })

    await test('applicant: my case shows 已办结 with the whole timeline', async () => {
      await applicant.reload()
      await applicant.locator('[data-test="outcome"]').waitFor()
      assert(await stateOf(applicant) === '已办结', 'state 已办结')
      const events = await applicant.locator('.el-timeline-item').count()
      assert(events >= 7, 'timeline has every action, got ' + events)
      await shot(applicant, 'my-case')
    })

    stopRest = false
    await test('clerk: registers a walk-in 即办件 and completes it at the window', async () => {
      if (!loggedIn.has(clerk)) await login(clerk, base, 'clerk')
      await clerk.goto(base + '/desk')
      await clerk.getByRole('link', { name: '窗口登记(现场申报)' }).click()
      await clerk.waitForURL(/walk-in/)
      await clerk.getByLabel('办理事项').fill(INSTANT_QUERY)
      await clerk.locator('.el-select-dropdown__item').filter({ hasText: INSTANT_QUERY }).first().click()
      await clerk.locator('.mats').waitFor()
      await clerk.getByLabel('姓名').fill('李四')
      await clerk.getByLabel('证件号码').fill('450323199001011234')
      await clerk.getByLabel('联系电话').fill('13800001111')
      // the form's own fields (name and phone come from the applicant above)
      await clerk.locator('#ff-credit_code').fill('91450323MA5KXXXX0L')
      await clerk.locator('#ff-licence_no').fill('JY14503230000001')
      await clerk.locator('#ff-detail').fill('停止经营')
      await shot(clerk, 'walk-in')
      await clerk.getByRole('button', { name: '登记办件' }).click()
      await clerk.waitForURL(/\/desk\/cases\/\d+/)
      await clerk.locator('[data-act="accept"]').getByText('受理并当场办结').waitFor()
      await act(clerk, 'accept')
      assert(await stateOf(clerk) === '已办结', 'a 即办件 is completed on acceptance')
      // masked on the page; the clerk who took the case reveals it with a reason (audited)
      const idCell = clerk.locator('[data-test="id-number"]')
      assert((await idCell.innerText()).trim() === '450323********1234', 'the ID number is masked on the case page')
      await clerk.locator('[data-test="reveal"]').click()
      const dlg = clerk.getByRole('dialog', { name: '查看完整证件号码和电话' })
      await dlg.locator('textarea').fill('核对申请人身份')
      await dlg.getByRole('button', { name: '查看', exact: true }).click()
      await idCell.getByText('450323199001011234').waitFor()
      assert((await clerk.locator('[data-test="phone"]').innerText()).trim() === '13800001111', 'the full phone after the reveal')
    })

    await test('reviewer: the case page shows the open review step\'s own light in words', async () => {
      const id = await openReviewCase(reviewer, base)
      const c = await apiGet(reviewer, '/cases/' + id)
      const open = c.steps.find(s => s.idx === c.step_index)
      assert(open && ['green', 'yellow', 'red'].includes(open.light), 'the API gives the open step a light: ' + JSON.stringify(open))
      const want = { green: '正常', yellow: '预警', red: '超期' }[open.light]
      const tags = reviewer.locator('[data-test="step-light"]')
      await tags.first().waitFor()
      assert(await tags.count() === c.steps.filter(s => s.light !== 'none').length, 'a light for each step that has one')
      const row = reviewer.getByRole('row').filter({ has: tags.first() })
      assert((await row.innerText()).includes(open.name), 'the light is on the open step\'s row')
      assert((await tags.first().innerText()).trim() === want, `the step light says ${want}`)
      await tags.first().scrollIntoViewIfNeeded()
      await shot(reviewer, 'review-step-light')
    })

    await test('reviewer: suspends a case for a special procedure and resumes it', async () => {
      await openReviewCase(reviewer, base)
      await act(reviewer, 'suspend', async (dlg) => {
        await dlg.locator('.el-select').first().click()
        await reviewer.locator('.el-select-dropdown__item').filter({ hasText: '专家评审' }).click()
        // approved by another of the department: its chief here
        await dlg.locator('[data-test="approver-select"]').click()
        await reviewer.locator('.el-select-dropdown__item:visible').filter({ hasText: '首席代表' }).first().click()
        await dlg.getByLabel('挂起理由或依据').fill('需组织专家评审')
      })
      assert(await stateOf(reviewer) === '已挂起', 'state 已挂起')
      await reviewer.getByText('10个工作日').first().waitFor()
      await reviewer.locator('[data-test="light"]').getByText('已暂停计时').waitFor()
      assert((await reviewer.locator('[data-test="step-light"]').innerText()).trim() === '已暂停计时', 'the open step\'s light is paused too')
      await act(reviewer, 'resume')
      assert(await stateOf(reviewer) === '审查中', 'back to 审查中')
    })

    await test('reviewer asks to extend the limit (延长); the department\'s chief approves it and the clock explains it (issue 11)', async () => {
      const id = await openReviewCase(reviewer, base)
      const deadline = (await reviewer.locator('.clock .fact').nth(1).innerText()).trim()
      await act(reviewer, 'request_extension', async (dlg) => {
        await dlg.getByLabel('延长理由(将告知申请人)').fill('需会同有关部门实地核查')
      })
      await reviewer.locator('[data-test="extensions"]').getByText('待批准').waitFor()
      assert(await reviewer.locator('[data-act="request_extension"]').count() === 0, 'one request at a time')
      const chief = await newPage('chief-extension')
      await login(chief, base, 's001')
      await chief.goto(base + '/desk/cases/' + id)
      await act(chief, 'approve_extension')
      await chief.locator('[data-test="extended"]').getByText('经批准延长5个工作日').waitFor()
      await chief.locator('[data-test="extensions"]').getByText('已批准').waitFor()
      assert((await chief.locator('.clock .fact').nth(1).innerText()).trim() !== deadline, 'the deadline moved')
      await chief.locator('.explain summary').click()
      await chief.locator('.explain').getByText('延长审批期限5个工作日', { exact: false }).waitFor()
      await shot(chief, 'case-extension')
      await chief.context().close()
    })

    await test('告知承诺 (issue 11 §3): the window accepts on the signed promise, the chief decides at once, the reviewer checks it afterwards', async () => {
      const code = '450323-SCJG-0015'
      const proof = '经营场所使用证明'
      const it = await apiGet(applicant, '/items/' + code)
      const materials = it.materials.filter(m => m.main && m.required && m.name !== proof).map(m => m.name)
      const c = await apiPost(applicant, '/cases', { item_code: code, materials, form: sampleForm(it) })
      if (!loggedIn.has(clerk)) await login(clerk, base, 'clerk')
      await clerk.goto(base + '/desk/cases/' + c.id)
      await act(clerk, 'accept_with_pledge', async (dlg) => {
        // the pledgeable proof not received is what the promise covers
        const ticked = dlg.locator('[data-test="pledge-materials"] .el-checkbox.is-checked')
        assert(await ticked.count() === 1 && (await ticked.innerText()).includes(proof), 'the missing proof is ticked')
      })
      assert(await stateOf(clerk) === '已受理', 'accepted')
      await clerk.locator('[data-test="pledges"]').getByText(proof).first().waitFor()
      await clerk.locator('[data-test="promised"]').first().waitFor()
      const docs = await apiGet(clerk, `/cases/${c.id}/documents`)
      assert(docs.available.includes('pledge'), 'the 告知承诺书 may be printed: ' + JSON.stringify(docs.available))
      const chief = await newPage('chief-pledge')
      await login(chief, base, 's001')
      await chief.goto(base + '/desk/cases/' + c.id)
      assert((await chief.locator('[data-act="approve"]').innerText()).includes('当场决定'), 'the chief decides at once')
      await act(chief, 'approve')
      assert(await stateOf(chief) === '已决定', 'decided at once')
      const due = (await chief.locator('[data-test="verify-due"]').innerText()).trim()
      const view = await apiGet(chief, '/cases/' + c.id)
      assert(due === view.verification.due_day, `the check's due day shown: ${due} / ${view.verification.due_day}`)
      await chief.locator('[data-verification="pending"]').waitFor()
      await shot(chief, 'case-pledge')
      await chief.context().close()
      // the reviewer finds it among the department's checks and records it
      if (!loggedIn.has(reviewer)) await login(reviewer, base, 'reviewer')
      await reviewer.goto(base + '/review')
      await reviewer.getByRole('tab', { name: /告知承诺核查/ }).click()
      await reviewer.locator(`[data-test="verifications"] a[data-code="${c.query_code}"]`).click()
      await reviewer.waitForURL(new RegExp('/desk/cases/' + c.id + '$'))
      await act(reviewer, 'verify_pledge', async (dlg) => {
        await dlg.getByText('承诺属实', { exact: true }).click()
        await dlg.getByLabel('核查说明(选填)').fill('实地核查,经营场所与承诺一致')
      })
      await reviewer.locator('[data-verification="verified_true"]').waitFor()
      assert(await reviewer.locator('[data-act="verify_pledge"]').count() === 0, 'checked once')
    })

    await test('errors from the API are shown in Chinese', async () => {
      const pub = await newPage('public-error')
      expectHttpErrors = true
      try {
        await pub.goto(base + '/progress/NOSUCHCODE23')
        await pub.locator('.err').getByText('查询码NOSUCHCODE23不存在').waitFor()
        await pub.goto(base + '/login')
        await pub.getByLabel('用户名').fill('nobody-here')
        await pub.getByLabel('密码', { exact: true }).fill('wrong-password')
        await pub.getByRole('button', { name: '登录' }).click()
        await pub.locator('.err').waitFor()
        const msg = await pub.locator('.err').innerText()
        assert(/[\u4e00-\u9fa5]/.test(msg), 'login error in Chinese: ' + msg)
      } finally {
        await pub.waitForTimeout(200)
        expectHttpErrors = false
      }
      await pub.context().close()
    })

    await test('anyone: changes their own password; a weak one is refused in Chinese', async () => {
      const me = await newPage('password-change')
      await login(me, base, 'user001')
      expectHttpErrors = true
      try {
        await me.getByRole('button', { name: '修改密码' }).click()
        const dlg = me.getByRole('dialog', { name: '修改密码' })
        await dlg.getByLabel('原密码').fill(PASSWORD)
        await dlg.getByLabel('新密码').fill('12345678')
        await dlg.getByLabel('再次输入').fill('12345678')
        await dlg.getByRole('button', { name: '修改密码' }).click()
        await dlg.locator('.err').waitFor()
        const msg = await dlg.locator('.err').innerText()
        assert(/密码/.test(msg), 'weak password refused in Chinese: ' + msg)
        await dlg.getByLabel('新密码').fill('Lingchuan#2026q')
        await dlg.getByLabel('再次输入').fill('Lingchuan#2026q')
        await dlg.getByRole('button', { name: '修改密码' }).click()
        await me.getByText('密码已修改').waitFor()
      } finally {
        await me.waitForTimeout(200)
        expectHttpErrors = false
      }
      await shot(me, 'password-change')
      await me.getByRole('button', { name: '退出' }).click()
      await login(me, base, 'user001', 'Lingchuan#2026q')
      const who = await apiGet(me, '/me')
      assert(who.username === 'user001', 'logged in with the new password')
      await me.context().close()
    })

    await test('admin: catalogue, import, calendar and organisation pages', async () => {
      const admin = await newPage('admin')
      await login(admin, base, 'admin')
      await admin.waitForURL(/\/admin/)
      await admin.getByRole('table', { name: '事项目录' }).or(admin.locator('.el-table')).first().waitFor()
      await admin.getByText('450323-FGJ-0001').waitFor()
      await shot(admin, 'admin-items')
      await admin.getByRole('button', { name: '编辑' }).first().click()
      await admin.getByRole('dialog').getByLabel('事项名称').waitFor()
      await shot(admin, 'admin-item-edit')
      await admin.getByRole('dialog').getByRole('button', { name: '保存', exact: true }).click()
      await admin.getByText('事项已保存').waitFor()
      await admin.getByRole('tab', { name: '导入事项' }).click()
      expectHttpErrors = true
      try {
        await admin.getByLabel('文件内容(也可直接粘贴)').fill('code,name\nX-1,坏文件\n')
        await admin.getByRole('button', { name: '导入' }).click()
        await admin.locator('.err').waitFor()
      } finally {
        await admin.waitForTimeout(200)
        expectHttpErrors = false
      }
      await shot(admin, 'admin-import')
      await admin.getByRole('tab', { name: '工作日历' }).click()
      await admin.getByText(/全年工作日/).waitFor()
      await shot(admin, 'admin-calendar')
      await admin.getByRole('tab', { name: '组织机构' }).click()
      await admin.getByText('A01受理岗1').first().waitFor()
      await shot(admin, 'admin-org')
      await admin.context().close()
    })

    await test('admin: uploads a blank form and writes a common question; the citizen\'s guide offers both (issue 10)', async () => {
      const admin = await newPage('admin-guide')
      await login(admin, base, 'admin')
      await admin.waitForURL(/\/admin/)
      await admin.getByText('450323-FGJ-0001').waitFor()
      await admin.getByRole('button', { name: '编辑' }).first().click()
      const dlg = admin.getByRole('dialog')
      const code = (await dlg.locator('.el-dialog__title').innerText()).replace('编辑事项', '').trim()
      const input = dlg.locator('input[data-upload$="/blank"]').first()
      await input.waitFor({ state: 'attached' })
      const material = (await input.getAttribute('data-upload')).replace(/\/blank$/, '')
      await input.setInputFiles({ name: 'e2e-空白表格.pdf', mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\nxref\n0 1\ntrailer<</Size 1/Root 1 0 R>>\nstartxref\n9\n%%EOF\n') })
      await admin.getByText('已上传“e2e-空白表格.pdf”').waitFor()
      await dlg.locator(`[data-file="${material}/blank"]`).getByRole('link', { name: 'e2e-空白表格.pdf' }).waitFor()
      // a file that is not a PDF or an image is refused with the reason
      const bad = dlg.locator(`input[data-upload="${material}/sample"]`)
      await bad.setInputFiles({ name: 'x.doc', mimeType: 'application/msword', buffer: Buffer.from('not a pdf') })
      await dlg.locator(`[data-file="${material}/sample"]`).getByRole('alert').getByText('不是PDF、JPEG或PNG文件', { exact: false }).waitFor()
      // the common questions: an empty one is refused before saving, then saved
      await dlg.getByRole('button', { name: '添加问题' }).click()
      const n = await dlg.locator('[data-faq]').count()
      await dlg.locator('[data-test="faq-save"]').click()
      await dlg.getByText(`第${n}条:请填写问题`).waitFor()
      await dlg.getByLabel(`第${n}条问题`).fill('E2E:可以委托他人代办吗?')
      await dlg.getByLabel(`第${n}条解答`).fill('可以,代办人须携带授权委托书和本人身份证。')
      await dlg.locator('[data-test="faq-save"]').click()
      await admin.getByText('常见问题已保存').waitFor()
      await shot(admin, 'admin-item-guide-files')
      await admin.context().close()

      const pub = await newPage('guide-files')
      await pub.goto(base + '/items/' + encodeURIComponent(code))
      const link = pub.locator('[data-test="downloads"]').getByRole('link', { name: '空白表格' })
      await link.first().waitFor()
      assert((await pub.locator('[data-test="downloads"]').innerText()).includes(material), 'the guide names the material of the blank form')
      const href = await link.first().getAttribute('href')
      const got = await pub.evaluate(async (u) => { const r = await fetch(u); return { status: r.status, head: (await r.text()).slice(0, 5) } }, href)
      assert(got.status === 200 && got.head === '%PDF-', 'the blank form downloads: ' + JSON.stringify(got))
      await pub.getByText('E2E:可以委托他人代办吗?').click()
      await pub.getByText('代办人须携带授权委托书', { exact: false }).waitFor()
      await pub.context().close()
    })

    await test('admin: puts an item in the 绿色通道 (issue 11); the guide shows its limit and the window\'s queue puts its tagged case first', async () => {
      const GREEN_CODE = '450323-SCJG-0009'
      const GREEN_NAME = '食品小作坊登记(新办)'
      const admin = await newPage('admin-green')
      await login(admin, base, 'admin')
      await admin.waitForURL(/\/admin/)
      await admin.getByRole('tab', { name: '绿色通道' }).click()
      await admin.locator('[data-test="green-add"]').click()
      const dlg = admin.getByRole('dialog', { name: '将事项纳入绿色通道' })
      await dlg.locator('#gi-item').fill(GREEN_NAME)
      await admin.locator('.el-select-dropdown__item').filter({ hasText: GREEN_CODE }).first().click()
      await dlg.getByText('5个工作日').waitFor()
      await dlg.locator('#gi-limit').fill('2')
      await dlg.locator('#gi-limit').press('Tab')
      await dlg.locator('#gi-basis').fill('县政府办〔2026〕12号')
      await dlg.locator('[data-test="green-save"]').click()
      await admin.getByText(`“${GREEN_NAME}”已纳入绿色通道,承诺2个工作日`).waitFor()
      await admin.locator('[data-test="green-items"]').getByText(GREEN_CODE).waitFor()
      await shot(admin, 'admin-green')
      await admin.context().close()

      // the citizen's guide says so
      const pub = await newPage('guide-green')
      await pub.goto(base + '/items/' + GREEN_CODE)
      const tag = pub.locator('[data-test="guide-green"]')
      await tag.waitFor()
      assert((await tag.innerText()).trim() === '绿色通道:承诺2个工作日', 'the guide shows 绿色通道:承诺2个工作日, got ' + await tag.innerText())
      await pub.context().close()

      // the applicant files one case of it, then a newer normal one
      if (!loggedIn.has(applicant)) await login(applicant, base, 'applicant')
      const sample = { text: '测试', address: '灵川县测试路1号', phone: '13812345678', id_number: '11010519491231002X',
        credit_code: '91350100M000100Y43', date: '2026-01-05', number: 1, money: 10000 }
      const file = async (code) => {
        const it = await apiGet(applicant, '/items/' + code)
        const form = {}
        for (const sec of (it.form || { sections: [] }).sections) {
          for (const f of sec.fields) {
            if (!f.required) continue
            form[f.key] = f.type === 'choice' ? f.options[0] : (f.min !== undefined && ['number', 'money', 'date'].includes(f.type) ? f.min : sample[f.type])
          }
        }
        return apiPost(applicant, '/cases', { item_code: code, materials: [], form })
      }
      const green = await file(GREEN_CODE)
      assert(green.priority.level === 'green_item' && green.limit_days === 2, 'the case is in the green channel with 2 days: ' + JSON.stringify(green.priority))
      const normal = await file('450323-SCJG-0010')
      assert(normal.priority.level === 'normal' && normal.id > green.id, 'a newer normal case')

      // the window's queue (待受理): the green case first, tagged with its reason
      if (!loggedIn.has(clerk)) await login(clerk, base, 'clerk')
      await clerk.goto(base + '/desk')
      const first = clerk.locator('a[data-code]').first()
      await first.waitFor()
      assert(await first.getAttribute('data-code') === green.query_code, 'the green case heads the queue, newer cases after it')
      const row = clerk.locator('.el-table__body tr').first()
      const gtag = row.locator('[data-test="green-tag"]')
      await gtag.waitFor()
      assert((await gtag.innerText()).trim() === '绿色通道', 'the row is tagged 绿色通道')
      assert((await gtag.getAttribute('title')).includes('县政府办〔2026〕12号'), 'the tag carries the reason')
      assert(await clerk.locator(`.el-table__body tr:has(a[data-code="${normal.query_code}"]) [data-test="green-tag"]`).count() === 0, 'a normal case has no tag')
      await shot(clerk, 'desk-green')
      await first.click()
      await clerk.waitForURL(/\/desk\/cases\/\d+/)
      await clerk.locator('header.head [data-test="green-tag"]').waitFor()
      const why = await clerk.locator('[data-test="green-reason"]').innerText()
      assert(why.includes('县政府办〔2026〕12号') && why.includes('承诺时限2个工作日'), 'the case page says why and the limit: ' + why)
    })

    await test('admin: adds a clerk at a window; resetting the password sends the clerk\'s open page to log in again', async () => {
      const USER = 'e2e.clerk'
      const NAME = '测试新员工'
      const FIRST = 'Chushi-2026x'
      const SECOND = 'Xinmima-2026y'
      const admin = await newPage('admin-staff')
      await login(admin, base, 'admin')
      const win = (await apiGet(admin, '/windows?per_page=200')).data.find(w => w.departments.length)
      const dept = (await apiGet(admin, '/departments?per_page=200')).data.find(d => d.id === win.departments[0].id)
      await admin.goto(base + '/admin?tab=org')
      await admin.getByText(/^工作人员\(\d+\)$/).click()
      await admin.getByRole('button', { name: '新增工作人员' }).click()
      const dlg = admin.getByRole('dialog', { name: '新增工作人员' })
      await dlg.waitFor()
      await dlg.getByLabel('账号').fill(USER)
      await dlg.getByLabel('姓名').fill(NAME)
      // a select opens on its box (its search input is empty and narrow)
      await dlg.locator('.el-select', { has: admin.getByLabel('所属单位') }).click()
      await admin.getByRole('option', { name: dept.name, exact: true }).click()
      await dlg.locator('.el-select', { has: admin.getByLabel('窗口', { exact: true }) }).click()
      await admin.getByRole('option', { name: `${win.no} ${win.name}`, exact: true }).click()
      await dlg.getByLabel('初始密码').fill(FIRST)
      await shot(admin, 'admin-staff-new')
      await dlg.getByRole('button', { name: '保存' }).click()
      await admin.getByText('已新增账号 ' + USER).waitFor()
      await dlg.waitFor({ state: 'hidden' })
      const row = admin.getByRole('row').filter({ hasText: USER })
      await row.waitFor()
      const rowText = await row.innerText()
      assert(rowText.includes(NAME) && rowText.includes('窗口人员') && rowText.includes(win.no), 'the new clerk is listed at the window: ' + rowText)

      // the new clerk works in a browser of their own
      const newbie = await newPage('new-clerk')
      await login(newbie, base, USER, FIRST)
      await newbie.waitForURL(/\/desk$/)
      await newbie.getByRole('heading', { name: '窗口工作台' }).waitFor()
      assert((await newbie.locator('[data-test="who"]').innerText()).includes(NAME), 'the header names the new clerk')
      await newbie.getByText(`${win.no} ${win.name}`).first().waitFor()

      // the admin resets the password: the server ends the clerk's session
      await admin.getByRole('button', { name: `重置${NAME}的密码` }).click()
      const rd = admin.getByRole('dialog', { name: `重置密码:${NAME}(${USER})` })
      await rd.waitFor()
      await rd.getByLabel('新密码').fill(SECOND)
      await rd.getByLabel('再次输入').fill(SECOND)
      await rd.getByRole('button', { name: '重置密码', exact: true }).click()
      await admin.getByText(`密码已重置,${NAME}的1个登录已退出`).waitFor()
      await admin.context().close()

      // the clerk's next action answers 401: the page goes to log in again
      expect401.add(newbie)
      await newbie.getByRole('tab', { name: /^待补正/ }).click()
      await newbie.waitForURL(u => u.pathname === '/login' && u.searchParams.get('redirect') === '/desk')
      await newbie.locator('[data-test="expired"]').getByText('登录已过期,请重新登录').waitFor()
      assert(await newbie.locator('[data-test="who"]').count() === 0, 'the header no longer names anyone')
      await shot(newbie, 'session-expired')
      // the old password is refused on the login page, which stays put
      await newbie.getByLabel('用户名').fill(USER)
      await newbie.getByLabel('密码', { exact: true }).fill(FIRST)
      await newbie.getByRole('button', { name: '登录' }).click()
      await newbie.locator('.err').getByText('登录失败').waitFor()
      assert(new URL(newbie.url()).pathname === '/login', 'a wrong password stays on the login page')
      // the new one leads back to where the clerk was
      await newbie.getByLabel('密码', { exact: true }).fill(SECOND)
      await newbie.getByRole('button', { name: '登录' }).click()
      await newbie.waitForURL(/\/desk$/)
      await newbie.getByRole('heading', { name: '窗口工作台' }).waitFor()
      await newbie.waitForTimeout(200)
      expect401.delete(newbie)
      await newbie.context().close()
    })

    await test('supervisor: the dashboard shows the board\'s lights, charts and rankings from the API', async () => {
      supervisor = await newPage('supervisor')
      await login(supervisor, base, 'supervisor')
      await supervisor.waitForURL(/\/supervision$/)
      await supervisor.getByRole('heading', { level: 1, name: '效能监察' }).waitFor()
      await supervisor.locator('[data-test="count-red"]').filter({ hasText: /^\d+$/ }).waitFor()
      // the same session asks the API what the page should show
      const board = await apiGet(supervisor, '/supervision/board')
      assert(board.red > 0, `the demo day ${TODAY} has red cases, got ${board.red}`)
      for (const k of ['green', 'yellow', 'red', 'paused', 'open']) {
        const shown = (await supervisor.locator(`[data-test="count-${k}"]`).innerText()).trim()
        assert(shown === String(board[k]), `${k} shows ${shown}, the board says ${board[k]}`)
      }
      const date = await supervisor.locator('[data-test="board-date"]').innerText()
      assert(date.includes('数据日期') && date.includes(board.date), 'the board date is shown: ' + date)
      await supervisor.locator('section[aria-labelledby="lc-title"] canvas').first().waitFor()
      await supervisor.locator('section[aria-labelledby="tc-title"] canvas').first().waitFor()
      const stats = await apiGet(supervisor, `/stats?group=department&from=${TODAY.slice(0, 8)}01&to=${TODAY}`)
      const hall = (await supervisor.locator('[data-test="hall-entry"]').innerText())
      assert(hall.includes(stats.hall_entry_rate + '%') && hall.includes(String(stats.items_in_hall)),
        `进驻率 ${stats.hall_entry_rate}% (${stats.items_in_hall}/${stats.items_total}) shown: ${hall}`)
      await supervisor.getByRole('heading', { level: 3, name: '按时办结率排名' }).waitFor()
      await shot(supervisor, 'supervision')
      await supervisor.screenshot({ path: path.join(shots, 'supervision-full.png'), fullPage: true })
    })

    await test('supervisor: the red list matches the API and drills down to a case\'s timeline and clock', async () => {
      assert(supervisor, 'the supervisor is logged in')
      await supervisor.locator('[data-test="lamp-red"]').click()
      await supervisor.waitForURL(/tab=red/)
      const totalEl = supervisor.locator('[data-test="red-total"] strong')
      await totalEl.filter({ hasText: /^\d+$/ }).waitFor()
      const api = await apiGet(supervisor, '/supervision/cases?light=red&per_page=20')
      const shown = (await totalEl.innerText()).trim()
      assert(shown === String(api.total), `red list total ${shown}, the API says ${api.total}`)
      const board = await apiGet(supervisor, '/supervision/board')
      assert(api.total === board.red, `red list ${api.total} = board red ${board.red}`)
      const first = api.data[0]
      const link = supervisor.locator(`a[data-code="${first.query_code}"]`)
      await link.waitFor()
      const row = await supervisor.getByRole('row').filter({ has: link }).innerText()
      assert(row.includes(first.escalation_label) && row.includes(first.holder.name), 'the row shows escalation and holder: ' + row)
      await shot(supervisor, 'supervision-red')
      await link.click()
      await supervisor.waitForURL(new RegExp(`/desk/cases/${first.id}$`))
      await supervisor.getByRole('heading', { level: 1, name: first.item_name }).waitFor()
      await supervisor.locator('.el-timeline-item').first().waitFor()
      assert(await supervisor.locator('.el-timeline-item').count() >= 2, 'the timeline lists the case\'s events')
      assert((await supervisor.locator('[data-test="light"]').innerText()).trim() === '超期', 'the clock shows 超期')
      assert(await supervisor.locator('[data-act]').count() === 0, 'the supervisor has no case actions')
      await supervisor.goBack()
      await supervisor.waitForURL(/\/supervision\?tab=red/)
    })

    await test('supervisor: issues a 督办单 from a red case, closes it after the department replies, reviews an anomaly', async () => {
      assert(supervisor, 'the supervisor is logged in')
      if (!loggedIn.has(reviewer)) await login(reviewer, base, 'reviewer')
      const me = await apiGet(reviewer, '/me')
      const red = await apiGet(supervisor, '/supervision/cases?light=red&per_page=200')
      const target = red.data.find(c => c.dept_id === me.dept_id)
      assert(target, 'a red case of the reviewer\'s department ' + me.dept_id)
      const before = (await apiGet(supervisor, '/supervision/notices?state=awaiting_reply&per_page=1')).total
      await supervisor.getByRole('button', { name: `对办件${target.query_code}发督办单` }).click()
      const dlg = supervisor.getByRole('dialog', { name: '发督办单' })
      await dlg.waitFor()
      assert((await dlg.getByLabel('督办内容').inputValue()).includes(target.query_code), 'the content is drafted from the case')
      await dlg.locator('[data-test="issue-notice"]').click()
      await supervisor.getByText(new RegExp(`已向${target.dept_name}下发督〔\\d{4}〕\\d+号`)).waitFor()
      const after = await apiGet(supervisor, '/supervision/notices?state=awaiting_reply&per_page=1')
      assert(after.total === before + 1, `one more notice awaiting reply: ${before} -> ${after.total}`)
      const notice = after.data[0]
      assert(notice.case_id === target.id && notice.dept_id === target.dept_id, 'the notice names the case and its department')
      // the department replies (the reviewer's session), then the supervisor closes it
      await apiPost(reviewer, `/supervision/notices/${notice.id}/reply`, { reply: '已督促经办人当日办结,超期原因为现场核查排期,已整改' })
      await supervisor.getByRole('tab', { name: /^督办单/ }).click()
      await supervisor.getByText('已回复待办结', { exact: true }).click()
      await supervisor.getByRole('button', { name: '办结' + notice.no, exact: true }).click()
      const nd = supervisor.getByRole('dialog', { name: notice.no })
      await nd.getByText('已督促经办人当日办结').waitFor()
      await nd.getByLabel('办结意见(选填)').fill('回复属实,予以办结')
      await nd.locator('[data-test="close-notice"]').click()
      await supervisor.getByText(notice.no + '已办结').waitFor()
      assert((await apiGet(supervisor, `/supervision/notices/${notice.id}`)).state === 'closed', 'the notice is closed')
      await supervisor.getByRole('tab', { name: /^异常核查/ }).click()
      const open = await apiGet(supervisor, '/supervision/anomalies?status=open&per_page=1')
      await supervisor.getByRole('button', { name: /^核查异常\d+$/ }).first().click()
      const rd = supervisor.getByRole('dialog', { name: '核查异常' })
      await rd.waitFor()
      await rd.getByText('排除(不属实或有正当理由)').click()
      await rd.getByLabel('核查意见').fill('经核实,申请人要求延期领证,有书面说明')
      await rd.locator('[data-test="review-anomaly"]').click()
      await rd.waitFor({ state: 'hidden' })
      await supervisor.getByRole('tab', { name: `异常核查(${open.total - 1})` }).waitFor()
    })

    await test('clerk: the supervision dashboard is not for their role', async () => {
      if (!loggedIn.has(clerk)) await login(clerk, base, 'clerk')
      await clerk.goto(base + '/supervision')
      await clerk.getByText('无权访问此页面').waitFor()
      await clerk.getByText('不能使用“效能监察”').waitFor()
      assert(await clerk.locator('[data-test="count-red"]').count() === 0, 'no dashboard numbers for a clerk')
      assert(await clerk.getByRole('link', { name: '效能监察' }).count() === 0, 'no 效能监察 link in a clerk\'s nav')
    })

    await test('public: the daily progress page matches /public/daily without login, at desktop and phone width', async () => {
      const want = await (await fetch(base + '/api/v1/public/daily')).json()
      assert(want.received > 0, 'the demo day has received cases')
      const check = async (pub) => {
        await pub.locator('[data-test="daily-received"]').waitFor()
        assert((await pub.locator('[data-test="daily-received"]').innerText()).trim() === String(want.received), 'received = API')
        assert((await pub.locator('[data-test="daily-completed"]').innerText()).trim() === String(want.completed), 'completed = API')
        const rate = want.on_time_rate === null ? '—' : want.on_time_rate + '%'
        assert((await pub.locator('[data-test="daily-rate"]').innerText()).trim() === rate, 'on-time rate = API')
        assert((await pub.locator('[data-test="daily-date"]').innerText()).includes(want.date), 'the date is shown')
        const body = await pub.locator('main').innerText()
        for (const dpt of want.departments) assert(body.includes(dpt.name), 'department listed: ' + dpt.name)
        assert(body.includes(want.cases[0].applicant_name), 'a masked applicant is listed')
      }
      const pub = await newPage('public-daily')
      await pub.goto(base + '/')
      await pub.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '办件公示' }).click()
      await pub.waitForURL(/\/daily$/)
      await check(pub)
      await shot(pub, 'daily')
      // the previous day, through the button, is that day's answer
      await pub.getByRole('button', { name: '‹ 前一天' }).click()
      await pub.waitForURL(/date=/)
      const prev = new URL(pub.url()).searchParams.get('date')
      const prevWant = await (await fetch(base + '/api/v1/public/daily?date=' + prev)).json()
      await pub.locator('[data-test="daily-date"]').filter({ hasText: prev }).waitFor()
      assert((await pub.locator('[data-test="daily-received"]').innerText()).trim() === String(prevWant.received), 'the previous day = API')
      assert(await pub.getByRole('button', { name: '后一天 ›' }).isEnabled(), 'can go forward from yesterday')
      await pub.context().close()

      const phonePage = await newPage('public-daily-phone', phone)
      await phonePage.goto(base + '/daily')
      await check(phonePage)
      const overflow = await phonePage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert(overflow <= 1, 'the daily page fits 390px, overflow ' + overflow)
      await shot(phonePage, 'daily-phone')
      await phonePage.context().close()
    })

    await test('hall at phone width: no horizontal scrolling, guide readable', async () => {
      const pub = await newPage('public-phone-hall', phone)
      await pub.goto(base + '/')
      await pub.locator('article.item').first().waitFor()
      let overflow = await pub.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert(overflow <= 1, 'hall fits 390px, overflow ' + overflow)
      await shot(pub, 'hall-phone')
      await pub.locator('article.item h3 a').first().click()
      await pub.getByRole('heading', { level: 2, name: '申请材料' }).waitFor()
      overflow = await pub.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert(overflow <= 1, 'guide fits 390px, overflow ' + overflow)
      await shot(pub, 'guide-phone')
      await pub.context().close()
    })

    await test('case page at 375px (issue 10): no horizontal scrolling, every action button reachable, the holder shown', async () => {
      const narrowCtx = { viewport: { width: 375, height: 740 }, locale: 'zh-CN', isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
      const pg = await newPage('clerk-375', narrowCtx)
      await login(pg, base, 'clerk')
      // an accepted case of the demo reviewer's department
      const all = await apiGet(pg, '/cases?state=accepted&per_page=100')
      const mine = all.data.filter(x => x.dept_name === '市场监管局' && !x.instant)
      assert(mine.length > 0, 'the demo has an accepted case of 市场监管局')
      const list = { data: mine }
      await pg.goto(base + '/desk/cases/' + list.data[0].id)
      await pg.locator('[data-act="start_review"]').waitFor()
      await pg.locator('[data-test="holder"]').waitFor()
      const overflow = await pg.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert(overflow <= 0, 'case page fits 375px, scrollWidth exceeds innerWidth by ' + overflow)
      const btns = pg.locator('.btns [data-act]')
      const n = await btns.count()
      assert(n >= 2, 'the clerk has actions on an accepted case')
      for (let i = 0; i < n; i++) {
        const b = await btns.nth(i).boundingBox()
        assert(b && b.x >= 0 && b.x + b.width <= 375 + 0.5, `action button ${i} within the screen: ${JSON.stringify(b)}`)
      }
      const next = (await pg.locator('[data-test="next-handler"]').innerText()).trim()
      assert(next.includes('审批人员'), 'the next step is the reviewer\'s: ' + next)
      await shot(pg, 'case-375')
      // the clerk names the reviewer in the hand-over
      await pg.locator('[data-act="start_review"]').click()
      const dlg = pg.getByRole('dialog')
      await dlg.waitFor()
      await dlg.locator('[data-test="next-select"]').click()
      await pg.locator('.el-select-dropdown__item', { hasText: '陈审批' }).first().click()
      await dlg.locator('[data-test="confirm"]').click()
      await dlg.waitFor({ state: 'hidden' })
      await pg.locator('[data-test="holder"]', { hasText: '陈审批' }).waitFor()
      const c = await apiGet(pg, '/cases/' + list.data[0].id + '/handlers')
      assert(c.holder && c.holder.name === '陈审批', 'the named reviewer holds the case')
      for (const path of ['/desk', '/messages']) {
        await pg.goto(base + path)
        await pg.locator('main h1').first().waitFor()
        const o = await pg.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
        assert(o <= 0, `${path} fits 375px, overflow ${o}`)
      }
      await pg.context().close()
    })

    await test('chief (issue 10): the bell counts unread messages, 我的消息 marks read, the approval queue and the statistics download', async () => {
      const pg = await newPage('chief')
      await login(pg, base, 'chief')
      const me = await apiGet(pg, '/me')
      assert(me.role === 'chief', 'the demo chief account logs in')
      const before = (await apiGet(pg, '/notifications')).unread
      await pg.goto(base + '/messages')
      await pg.getByRole('heading', { level: 1, name: '我的消息' }).waitFor()
      const bell = pg.locator('[data-test="bell"]')
      await bell.waitFor()
      if (before > 0) {
        await pg.locator('[data-test="bell"] .el-badge__content', { hasText: String(Math.min(before, 99)) }).waitFor()
        const first = pg.locator('[data-test^="mark-"]').first()
        await first.click()
        await pg.locator('[data-test="unread-count"]', { hasText: String(before - 1) }).waitFor()
        assert((await apiGet(pg, '/notifications')).unread === before - 1, 'one message read on the server')
      }
      await shot(pg, 'messages')
      await pg.goto(base + '/review')
      await pg.getByRole('tab', { name: /待我批准/ }).waitFor()
      await shot(pg, 'chief-desk')
      await pg.getByRole('tab', { name: /督办单/ }).click()
      await pg.locator('[aria-label="督办单"]').first().waitFor()
      await pg.goto(base + '/stats')
      await pg.getByRole('heading', { level: 1, name: '统计' }).waitFor()
      await pg.locator('.total-row').first().waitFor()
      const href = await pg.locator('[data-test="stats-csv"]').getAttribute('href')
      assert(/format=csv/.test(href) && /from=\d{4}-\d\d-\d\d/.test(href), 'the CSV link carries the period: ' + href)
      const csv = await pg.evaluate(async (u) => {
        const r = await fetch(u, { credentials: 'same-origin' })
        const b = new Uint8Array(await r.arrayBuffer())
        return { status: r.status, type: r.headers.get('content-type'), bom: b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf }
      }, href)
      assert(csv.status === 200 && /^text\/csv/.test(csv.type) && csv.bom, 'the CSV download: ' + JSON.stringify(csv))
      await shot(pg, 'stats')
      await pg.context().close()
    })

    await test('supervisor (issue 10): records a sanction, reads the audit trail and its chain check', async () => {
      const pg = await newPage('supervisor-records')
      await login(pg, base, 'supervisor')
      await pg.goto(base + '/supervision?tab=sanctions')
      const before = (await apiGet(pg, '/supervision/sanctions')).total
      await pg.locator('[data-test="new-sanction"]').click()
      const dlg = pg.getByRole('dialog', { name: '记录效能问责' })
      await dlg.waitFor()
      await dlg.locator('.el-form-item', { hasText: '被问责单位' }).locator('.el-select__wrapper').click()
      await pg.locator('.el-select-dropdown__item:visible').first().click()
      await dlg.getByLabel('问责理由').fill('督办单逾期未回复')
      await dlg.getByLabel('证据').fill('督办单回复期限已过,系统记录无回复')
      await dlg.locator('[data-test="save-sanction"]').click()
      await dlg.waitFor({ state: 'hidden' })
      assert((await apiGet(pg, '/supervision/sanctions')).total === before + 1, 'the sanction is recorded')
      await pg.locator('[aria-label="效能问责"]').getByText('督办单逾期未回复').first().waitFor()
      await shot(pg, 'sanctions')
      await pg.getByRole('tab', { name: '审计记录' }).click()
      await pg.locator('[data-test="audit-verify"]').click()
      const verdict = await pg.locator('[data-test="audit-verdict"]').innerText()
      const api = await apiGet(pg, '/audit/verify')
      assert(verdict.includes(api.intact ? '审计记录完整' : '审计记录有问题') && verdict.includes(String(api.records)), 'the verdict is the API\'s: ' + verdict)
      // the newest record first: the sanction just recorded
      await pg.locator('[aria-label="审计记录"]').getByText('sanction.create').first().waitFor()
      await shot(pg, 'audit')
      await pg.context().close()
    })

    await test('keyboard: the skip link and the search work without a mouse', async () => {
      const pub = await newPage('public-keyboard')
      await pub.goto(base + '/')
      await pub.locator('article.item').first().waitFor()
      await pub.keyboard.press('Tab')
      const first = await pub.evaluate(() => document.activeElement && document.activeElement.textContent.trim())
      assert(first === '跳到主要内容', 'the first Tab reaches the skip link, got ' + first)
      await pub.getByLabel('事项名称或编码').focus()
      await pub.keyboard.type('个体工商户')
      await pub.keyboard.press('Enter')
      await pub.waitForURL(/q=/)
      await pub.getByRole('link', { name: '个体工商户设立登记' }).waitFor()
      await pub.context().close()
    })
  } finally {
    await test('no JavaScript errors on any page', async () => {
      assert(jsErrors.length === 0, jsErrors.length + ' error(s):\n' + jsErrors.join('\n'))
    })
    await browser.close()
  }
}

let exitCode = 1
try {
  await main()
} catch (e) {
  results.push({ name: 'set-up', ok: false, why: e.stack || String(e) })
  console.log('not ok - set-up\n  ' + (e.stack || e))
} finally {
  if (server) server.kill('SIGTERM')
  if (process.env.GH_E2E_KEEP) console.log('kept ' + tmp)
  else fs.rmSync(tmp, { recursive: true, force: true })
  const passed = results.filter(r => r.ok).length
  const failed = results.length - passed
  if (failed) console.log('server log (tail):\n' + serverLog.split('\n').slice(-15).join('\n'))
  console.log(`screenshots: ${shots}`)
  console.log(`${passed} passed, ${failed} failed`)
  exitCode = failed ? 1 : 0
}
process.exit(exitCode)
