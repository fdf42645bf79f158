#!/usr/bin/env node
// Browser tests of the govhall web UI (issue 3).
//
// Starts a real `govhall serve` on a fresh demo database in a temporary
// directory, serving the built UI from web/dist, and drives Debian's
// chromium headless through playwright-core (never a downloaded browser):
// an applicant finds an item, reads its guide, applies and sees the query
// code; a clerk requests materials with the one-time notice; the applicant
// supplements; the clerk accepts and hands over to review; the reviewer
// approves every step; the clerk completes; the public progress page shows
// 办结.  Also: a walk-in 即办件 completed at the window, the reviewer's
// suspend/resume, the admin pages, phone width, and a visible Chinese
// error.  Screenshots of every main page go to tests/e2e/screenshots/.
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
  server = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--today', TODAY, '--static', dist],
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

function watch(page, who) {
  page.on('pageerror', e => jsErrors.push(`${who}: page error on ${page.url()}: ${e.message}`))
  page.on('console', m => {
    if (m.type() !== 'error') return
    const text = m.text()
    // A deliberate 4xx (the error-display test) makes chromium log the
    // failed resource load; nothing else may log an error.
    if (expectHttpErrors && /^Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return
    jsErrors.push(`${who}: console error on ${page.url()}: ${text}`)
  })
}

async function shot(page, name) {
  await page.waitForTimeout(250) // let transitions settle
  await page.screenshot({ path: path.join(shots, name + '.png'), fullPage: false })
}

/* ---- helpers ---------------------------------------------------------------- */

const loggedIn = new Set()
async function login(page, base, user) {
  loggedIn.add(page)
  await page.goto(base + '/login')
  await page.getByLabel('用户名').fill(user)
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  await page.waitForURL(u => !u.pathname.startsWith('/login'))
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
      await act(applicant, 'supplement')
      assert(await stateOf(applicant) === '已申报', 'back to 已申报 after the supplement')
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
      await shot(clerk, 'walk-in')
      await clerk.getByRole('button', { name: '登记办件' }).click()
      await clerk.waitForURL(/\/desk\/cases\/\d+/)
      await clerk.locator('[data-act="accept"]').getByText('受理并当场办结').waitFor()
      await act(clerk, 'accept')
      assert(await stateOf(clerk) === '已办结', 'a 即办件 is completed on acceptance')
    })

    await test('reviewer: suspends a case for a special procedure and resumes it', async () => {
      if (!loggedIn.has(reviewer)) await login(reviewer, base, 'reviewer')
      await reviewer.goto(base + '/review')
      await reviewer.getByRole('tab', { name: /本部门审查中/ }).click()
      const first = reviewer.locator('a[data-code]').first()
      await first.waitFor()
      await first.click()
      await reviewer.waitForURL(/\/desk\/cases\/\d+/)
      await act(reviewer, 'suspend', async (dlg) => {
        await dlg.locator('.el-select').first().click()
        await reviewer.locator('.el-select-dropdown__item').filter({ hasText: '专家评审' }).click()
        await dlg.getByLabel('挂起理由或依据').fill('需组织专家评审')
      })
      assert(await stateOf(reviewer) === '已挂起', 'state 已挂起')
      await reviewer.getByText('已暂停计时').waitFor()
      await act(reviewer, 'resume')
      assert(await stateOf(reviewer) === '审查中', 'back to 审查中')
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
      await admin.getByRole('dialog').getByRole('button', { name: '保存' }).click()
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
