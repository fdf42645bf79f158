#!/usr/bin/env node
// One joint application (并联审批, issue 11) in the browser, from the hall
// to the result notice: the citizen finds 开餐馆“一件事” in the hall, reads
// its guide, fills the one form, ticks the one set of materials and uploads
// two of them; the lead window accepts, the sub-cases start (the 食品经营
// 许可 waits for the business registration it requires, the 即办 环评备案
// is done at once); the fire brigade asks for a material through the lead,
// who sends one combined notice; the citizen uploads it and supplements;
// each department approves its own sub-case on its own desk; the joint
// case is decided, the lead window completes it and the result notice
// lists every item.  Ends with "N passed, N failed".
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { preflight, startServer, launch, newPage, test, assert, shot, login, run } from './harness.mjs'

const chromium = preflight()
const MATTER = '450323-ZT-0001'
const ITEMS = { licence: '450323-SCJG-0015', food: '450323-SCJG-0001', fire: '450323-XFJY-0001', env: '450323-STHJ-0003' }

function pdfFile() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govhall-e2e-joint-'))
  const pdf = path.join(dir, '材料.pdf')
  fs.writeFileSync(pdf, '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\nxref\n0 1\ntrailer<</Size 1/Root 1 0 R>>\nstartxref\n9\n%%EOF\n')
  return pdf
}

async function upload(page, material, file) {
  const row = page.locator(`li.mat[data-material="${material}"]`)
  const before = await row.locator('ul.files li').count()
  await page.locator(`input[data-upload="${material}"]`).setInputFiles(file)
  await row.locator('ul.files li').nth(before).waitFor()
}

/** Opens the action's dialog, ticks the named materials, confirms. */
async function act(page, action, tick = []) {
  await page.locator(`[data-act="${action}"]`).click()
  const dlg = page.getByRole('dialog')
  await dlg.waitFor()
  for (const m of tick) await dlg.locator('.el-checkbox', { hasText: m }).first().click()
  await dlg.locator('[data-test="confirm"]').click()
  try {
    await dlg.waitFor({ state: 'hidden', timeout: 8000 })
  } catch (e) {
    throw new Error(action + ' refused: ' + (await dlg.innerText()).replace(/\s+/g, ' ').slice(0, 300))
  }
}

async function api(page, url) {
  return page.evaluate(async (u) => (await fetch(u)).json(), url)
}

/** Approves every review step of a sub-case, each by whoever holds it. */
async function approveAll(pages, base, id) {
  for (let i = 0; i < 4; i++) {
    const c = await api(pages.any, `/api/v1/cases/${id}`)
    if (c.state !== 'under_review') return c
    const step = c.steps.find(s => s.idx === c.step_index)
    const page = pages[step.role]
    await page.goto(`${base}/desk/cases/${id}`)
    await act(page, 'approve')
  }
  return api(pages.any, `/api/v1/cases/${id}`)
}

await run(async () => {
  const base = await startServer()
  const browser = await launch(chromium)
  const pdf = pdfFile()
  const citizen = await newPage(browser, 'applicant')
  const clerk = await newPage(browser, 'clerk')
  const market = { reviewer: await newPage(browser, 'reviewer'), chief: await newPage(browser, 's001') }
  const fire = await newPage(browser, 's124')
  let joint = null
  let mats = []
  let need = ''
  try {
    await test('the hall offers 开餐馆“一件事” and its guide shows the items and one set of materials', async () => {
      await login(citizen, base, 'applicant')
      await citizen.goto(base + '/')
      await citizen.locator(`[data-matter="${MATTER}"]`).click()
      await citizen.waitForURL(new RegExp('/matters/' + MATTER))
      const limit = await citizen.locator('[data-test="matter-limit"]').innerText()
      assert(/20个工作日/.test(limit), 'the joint promise: ' + limit)
      const text = await citizen.locator('main, .page').first().innerText()
      for (const w of ['个体工商户设立登记', '食品经营许可', '消防安全检查', '牵头', '一套材料'])
        assert(text.includes(w), 'the guide shows ' + w)
      await shot(citizen, 'joint-guide')
      await citizen.locator('[data-test="matter-apply"]').click()
      await citizen.waitForURL(new RegExp('/matters/' + MATTER + '/apply'))
    })

    await test('the citizen fills the one form, ticks the materials, applies and uploads two files', async () => {
      const m = await api(citizen, '/api/v1/matters/' + MATTER)
      mats = m.materials.filter(x => x.main && x.required).map(x => x.name)
      await citizen.locator('[data-test="app-form"]').waitFor()
      const sample = { text: '赵记小吃店', address: '灵川县灵川镇八里街1号', phone: '13812345678',
        id_number: '11010519491231002X', credit_code: '91350100M000100Y43', area: '450323', number: '3', money: '100' }
      for (const s of m.form.sections) {
        for (const f of s.fields) {
          if (!f.required) continue
          if (f.type === 'choice') {
            await citizen.locator(`[data-key="${f.key}"] .el-select`).click()
            await citizen.getByRole('option', { name: f.options[0], exact: true }).last().click()
          } else if (f.type === 'date') {
            await citizen.locator('#ff-' + f.key).fill(f.min || '2026-01-05')
            await citizen.keyboard.press('Enter')
          } else {
            await citizen.locator('#ff-' + f.key).fill(f.type === 'number' && f.min ? String(f.min) : sample[f.type])
          }
        }
      }
      for (const name of mats) {
        await citizen.locator('.mat').filter({ has: citizen.locator('.mat-name', { hasText: new RegExp('^' + name.replace(/[()（）]/g, '.') + '$') }) }).first().click()
      }
      await citizen.locator('[data-test="promise"]').click()
      await citizen.getByRole('button', { name: '提交申报' }).click()
      await citizen.locator('[data-test="query-code"]').waitFor()
      const subs = await citizen.locator('[data-test="apply-subs"]').innerText()
      assert(/包含4个事项/.test(subs), 'the joint receipt: ' + subs)
      await upload(citizen, mats[0], pdf)
      await upload(citizen, mats[1], pdf)
      const mine = await api(citizen, '/api/v1/cases?per_page=5')
      joint = mine.data.find(x => x.joint_kind === 'joint')
      assert(joint && joint.item_name === '开餐馆“一件事”', 'the joint case in 我的办件: ' + JSON.stringify(mine.data[0]))
    })

    await test('the lead window accepts: the sub-cases start, the one behind its prerequisite waits', async () => {
      await login(clerk, base, 'clerk')
      await clerk.goto(`${base}/desk/cases/${joint.id}`)
      await act(clerk, 'accept')
      await clerk.locator('[data-test="sub-cases"]').waitFor()
      const c = await api(clerk, `/api/v1/cases/${joint.id}`)
      assert(c.state === 'under_review', 'the joint case runs: ' + c.state)
      const st = Object.fromEntries(c.sub_cases.map(s => [s.item_code, s.state]))
      assert(st[ITEMS.licence] === 'under_review' && st[ITEMS.fire] === 'under_review', 'started at once: ' + JSON.stringify(st))
      assert(st[ITEMS.env] === 'completed', 'the 即办 item is done at acceptance: ' + st[ITEMS.env])
      assert(st[ITEMS.food] === 'submitted', 'the licence waits for its prerequisite: ' + st[ITEMS.food])
      await clerk.locator('[data-test="waiting-pre"]').first().waitFor()
      joint = c
    })

    await test('the fire brigade asks through the lead, who sends one combined notice', async () => {
      const sub = joint.sub_cases.find(s => s.item_code === ITEMS.fire)
      need = (await api(clerk, '/api/v1/items/' + ITEMS.fire)).materials.find(m => m.main).name
      await login(fire, base, 's124')
      await fire.goto(`${base}/desk/cases/${sub.id}`)
      await fire.locator('[data-test="joint-parent"]').waitFor()
      await act(fire, 'request_materials', [need])
      await clerk.goto(`${base}/desk/cases/${joint.id}`)
      await clerk.locator('[data-test="needs"]').waitFor()
      assert((await clerk.locator('[data-test="needs"]').innerText()).includes(need), 'the need reaches the lead')
      await clerk.locator('[data-act="request_materials"]').click()
      const dlg = clerk.getByRole('dialog')
      await dlg.waitFor()
      const ticked = await dlg.locator('.el-checkbox.is-checked').allInnerTexts()
      assert(ticked.some(t => t.includes(need)), 'the combined notice holds the need: ' + ticked.join(' | '))
      await dlg.locator('[data-test="confirm"]').click()
      await dlg.waitFor({ state: 'hidden' })
      await clerk.locator('[data-test="notice"]').waitFor()
      const c = await api(clerk, `/api/v1/cases/${joint.id}`)
      assert(c.state === 'awaiting_materials', 'the joint case waits once: ' + c.state)
      assert(c.sub_cases.filter(s => s.state === 'awaiting_materials').length === 2, 'the running sub-cases wait with it')
      await shot(clerk, 'joint-notice')
    })

    await test('the citizen uploads what was asked and supplements; the review goes on', async () => {
      await citizen.goto(`${base}/my/cases/${joint.id}`)
      await citizen.locator('[data-test="notice"]').waitFor()
      await upload(citizen, need, pdf)
      await act(citizen, 'supplement')
      const c = await api(citizen, `/api/v1/cases/${joint.id}`)
      assert(c.state === 'under_review', 'resumed: ' + c.state)
    })

    await test('each department approves its own sub-case; the licence after its prerequisite', async () => {
      await login(market.reviewer, base, 'reviewer')
      await login(market.chief, base, 's001')
      const pages = { reviewer: market.reviewer, chief: market.chief, any: clerk }
      let c = await approveAll(pages, base, joint.sub_cases.find(s => s.item_code === ITEMS.licence).id)
      assert(c.state === 'decided', 'business registration decided: ' + c.state)
      const j = await api(clerk, `/api/v1/cases/${joint.id}`)
      const food = j.sub_cases.find(s => s.item_code === ITEMS.food)
      assert(food.state === 'under_review', 'the food licence started: ' + food.state)
      c = await approveAll(pages, base, food.id)
      assert(c.state === 'decided', 'food licence decided: ' + c.state)
      c = await approveAll({ reviewer: fire, chief: fire, any: fire }, base, j.sub_cases.find(s => s.item_code === ITEMS.fire).id)
      assert(c.state === 'decided', 'fire check decided: ' + c.state)
    })

    await test('the lead completes the joint case and the result notice lists every item', async () => {
      await clerk.goto(`${base}/desk/cases/${joint.id}`)
      await act(clerk, 'complete')
      const c = await api(clerk, `/api/v1/cases/${joint.id}`)
      assert(c.state === 'completed' && c.outcome === 'issued', 'completed: ' + c.state + ' ' + c.outcome)
      assert(c.sub_cases.every(s => s.state === 'completed'), 'every sub-case completed with it')
      await citizen.goto(`${base}/my/cases/${joint.id}`)
      await citizen.locator('[data-test="sub-cases"]').waitFor()
      const results = await citizen.locator('[data-sub-result]').allInnerTexts()
      assert(results.length === 4 && results.every(r => r === '准予许可'), 'the citizen sees every result: ' + results.join(','))
      const link = citizen.locator('[data-doc="decision"]')
      await link.waitFor()
      const doc = await citizen.evaluate(async (u) => {
        const r = await fetch(u)
        const b = new Uint8Array(await r.arrayBuffer())
        return { status: r.status, type: r.headers.get('Content-Type'), head: String.fromCharCode(...b.slice(0, 5)) }
      }, await link.getAttribute('href'))
      assert(doc.status === 200 && doc.type === 'application/pdf' && doc.head === '%PDF-', 'the result notice is a PDF: ' + JSON.stringify(doc))
      await shot(citizen, 'joint-result')
    })
  } finally {
    await browser.close()
  }
})
