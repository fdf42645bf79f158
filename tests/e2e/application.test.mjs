#!/usr/bin/env node
// A real application in the browser (issue 10): a new citizen registers
// with an SMS code (serve --sms-log writes it to the server's log), applies
// for 食品经营许可(新办), sees the query code and uploads two materials; the
// clerk checks them (one 不合格 with its reason) and sends the one-time
// notice built from the check; the citizen uploads what was asked and
// supplements; the clerk checks the rest and accepts; the reviewer and the
// chief approve; the clerk completes; the licence shows in 我的证照 and the
// messages in the hall.  Ends with "N passed, N failed".
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { preflight, startServer, launch, newPage, test, assert, shot, login, log, run } from './harness.mjs'

const chromium = preflight()
const ITEM = '450323-SCJG-0001'
const MAINS = ['食品经营许可申请表', '申请单位营业执照或统一社会信用代码证书', '经营场所平面图',
  '食品安全管理制度文本', '主要设备设施布局和操作流程']
// 赵敏 of the demo's identity list (data/demo/identities.csv): 实名 at once
const CITIZEN = { name: '赵敏', id: '450302200001050261', phone: '13677001234', pw: 'Zhao-Min-2026!' }

function files() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govhall-e2e-files-'))
  const pdf = path.join(dir, '申请表.pdf')
  fs.writeFileSync(pdf, '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\nxref\n0 1\ntrailer<</Size 1/Root 1 0 R>>\nstartxref\n9\n%%EOF\n')
  const jpg = path.join(dir, '平面图.jpg')
  fs.writeFileSync(jpg, Buffer.concat([Buffer.from([0xFF, 0xD8, 0xFF, 0xE0, 0, 16]), Buffer.from('JFIF\0'),
    Buffer.from([1, 1, 0, 0, 1, 0, 1, 0, 0]), Buffer.alloc(64), Buffer.from([0xFF, 0xD9])]))
  const txt = path.join(dir, '说明.pdf')
  fs.writeFileSync(txt, 'not a pdf at all\n')
  return { pdf, jpg, txt }
}

async function smsCode(phone) {
  for (let i = 0; i < 100; i++) {
    const m = [...log().matchAll(new RegExp(`^SMS ${phone}: \\D*(\\d{6})`, 'gm'))]
    if (m.length) return m[m.length - 1][1]
    await new Promise(r => setTimeout(r, 100))
  }
  throw new Error('no SMS for ' + phone)
}

async function upload(page, material, file) {
  const row = page.locator(`li.mat[data-material="${material}"]`)
  const before = await row.locator('ul.files li').count()
  await page.locator(`input[data-upload="${material}"]`).setInputFiles(file)
  await row.locator('ul.files li').nth(before).waitFor()
}

async function act(page, action) {
  await page.locator(`[data-act="${action}"]`).click()
  const dlg = page.getByRole('dialog')
  await dlg.waitFor()
  await dlg.locator('[data-test="confirm"]').click()
  await dlg.waitFor({ state: 'hidden' })
}

async function checkOk(page, material) {
  const row = page.locator(`li.mat[data-material="${material}"]`)
  await page.locator(`[data-check-ok="${material}"]`).click()
  await row.locator('[data-test="check-ok"]').waitFor()
}

await run(async () => {
  const base = await startServer(['--sms-log'])
  const browser = await launch(chromium)
  const f = files()
  const citizen = await newPage(browser, 'citizen')
  const clerk = await newPage(browser, 'clerk')
  let caseId = ''
  let code = ''
  try {
    await test('a new citizen registers with an SMS code and is 实名', async () => {
      await citizen.goto(base + '/login')
      await citizen.locator('[data-test="to-register"]').click()
      await citizen.waitForURL(/\/register/)
      await citizen.getByLabel('姓名').fill(CITIZEN.name)
      await citizen.getByLabel('居民身份证号码').fill(CITIZEN.id)
      await citizen.getByLabel('手机号码').fill(CITIZEN.phone)
      await citizen.locator('[data-test="sms-code"]').click()
      await citizen.getByLabel('短信验证码').fill(await smsCode(CITIZEN.phone))
      await citizen.getByLabel('登录密码').fill(CITIZEN.pw)
      await citizen.getByLabel('确认密码').fill(CITIZEN.pw)
      await shot(citizen, 'register')
      await citizen.locator('[data-test="register"]').click()
      await citizen.waitForURL(/\/my$/)
      const me = await citizen.evaluate(async () => (await fetch('/api/v1/me')).json())
      assert(me.real_name === true, 'the account is 实名: ' + JSON.stringify(me))
    })

    await test('the citizen applies, sees the query code and uploads two materials', async () => {
      await citizen.goto(`${base}/items/${ITEM}/apply`)
      // the application form (申请表) of 食品经营许可
      await citizen.locator('[data-test="app-form"]').waitFor()
      const fill = { operator_name: '赵敏小吃店', credit_code: '92450323MA5L00040K', legal_rep: CITIZEN.name,
        contact_phone: CITIZEN.phone, residence: '灵川县灵川镇八里街1号', premises: '灵川县灵川镇八里街1号一楼',
        business_items: '热食类食品制售', staff_count: '3', area_m2: '45' }
      for (const [k, v] of Object.entries(fill)) await citizen.locator('#ff-' + k).fill(v)
      await citizen.locator('[data-key="business_type"] .el-select').click()
      await citizen.getByRole('option', { name: '餐饮服务经营者' }).click()
      await citizen.locator('[data-test="promise"]').click()
      await citizen.getByRole('button', { name: '提交申报' }).click()
      code = (await citizen.locator('[data-test="query-code"]').innerText()).trim()
      assert(/^[0-9A-Z]{12}$/.test(code), 'a query code: ' + code)
      await upload(citizen, MAINS[0], f.pdf)
      await upload(citizen, MAINS[2], f.jpg)
      // a file that is not what its name says: the server's message
      citizen.allowHttpErrors = true
      await citizen.locator(`input[data-upload="${MAINS[1]}"]`).setInputFiles(f.txt)
      const err = citizen.locator(`li.mat[data-material="${MAINS[1]}"] [data-test="upload-error"]`)
      await err.waitFor()
      assert(/PDF、JPEG或PNG/.test(await err.innerText()), 'a clear Chinese error for a wrong type')
      citizen.allowHttpErrors = false
      await shot(citizen, 'apply-uploads')
      caseId = await citizen.evaluate(async (c) => {
        const r = await (await fetch('/api/v1/cases?per_page=5')).json()
        return String(r.data.find(x => x.query_code === c).id)
      }, code)
      // the receipt (办件回执) from the case page, a PDF
      await citizen.goto(`${base}/my/cases/${caseId}`)
      const link = citizen.locator('[data-doc="receipt"]')
      await link.waitFor()
      const pdf = await citizen.evaluate(async (u) => {
        const r = await fetch(u)
        const b = new Uint8Array(await r.arrayBuffer())
        return { status: r.status, type: r.headers.get('Content-Type'), head: String.fromCharCode(...b.slice(0, 5)) }
      }, await link.getAttribute('href'))
      assert(pdf.status === 200 && pdf.type === 'application/pdf' && pdf.head === '%PDF-', 'the receipt is a PDF: ' + JSON.stringify(pdf))
    })

    await test('the clerk checks the materials and sends the one-time notice from the check', async () => {
      await login(clerk, base, 'clerk')
      await clerk.goto(`${base}/desk/cases/${caseId}`)
      await checkOk(clerk, MAINS[0])
      await clerk.locator(`[data-check-faulty="${MAINS[2]}"]`).click()
      const box = clerk.getByRole('dialog')
      await box.getByRole('textbox').fill('平面图未标注尺寸')
      await box.getByRole('button', { name: '确定' }).click()
      await clerk.locator(`li.mat[data-material="${MAINS[2]}"] [data-test="check-faulty"]`).waitFor()
      await clerk.locator('[data-act="request_materials"]').click()
      const dlg = clerk.getByRole('dialog')
      await dlg.waitFor()
      const ticked = await dlg.locator('.el-checkbox.is-checked').allInnerTexts()
      assert(ticked.length === 4, 'the missing and the faulty are ticked: ' + ticked.join(' | '))
      await dlg.locator('[data-test="confirm"]').click()
      await dlg.waitFor({ state: 'hidden' })
      await clerk.locator('[data-test="notice"]').waitFor()
      await shot(clerk, 'clerk-check')
    })

    await test('the citizen reads the notice, uploads what was asked and supplements', async () => {
      await citizen.goto(`${base}/my/cases/${caseId}`)
      await citizen.locator('[data-test="notice"]').waitFor()
      for (const m of [MAINS[1], MAINS[2], MAINS[3], MAINS[4]]) await upload(citizen, m, f.pdf)
      await act(citizen, 'supplement')
      const msgs = await citizen.evaluate(async () => (await fetch('/api/v1/notifications')).json())
      assert(msgs.data.some(n => /需补正材料/.test(n.text)), 'the notice reached the hall: ' + JSON.stringify(msgs.data[0]))
    })

    await test('the clerk accepts; review, approval and completion issue the licence', async () => {
      await clerk.goto(`${base}/desk/cases/${caseId}`)
      for (const m of MAINS.slice(1)) await checkOk(clerk, m)
      await act(clerk, 'accept')
      await act(clerk, 'start_review')
      const reviewer = await newPage(browser, 'reviewer')
      await login(reviewer, base, 'reviewer')
      await reviewer.goto(`${base}/desk/cases/${caseId}`)
      await act(reviewer, 'approve')
      const chief = await newPage(browser, 'chief')
      await login(chief, base, 's001')
      await chief.goto(`${base}/desk/cases/${caseId}`)
      await act(chief, 'approve')
      await clerk.goto(`${base}/desk/cases/${caseId}`)
      await act(clerk, 'complete')
    })

    await test('the licence shows in 我的证照', async () => {
      await citizen.goto(base + '/my/licences')
      const card = citizen.locator('[data-licence]').first()
      await card.waitFor()
      assert(/食品经营许可证/.test(await card.innerText()), 'the licence is the item\'s result')
      await shot(citizen, 'my-licences')
    })
  } finally {
    await browser.close()
  }
})
