// Departments and windows change rarely: fetched once per page load.
import { get } from './api.js'

let depts = null
let windows = null

export function departments() {
  if (!depts) depts = get('/departments', { per_page: 200 }).then(r => r.data).catch(e => { depts = null; throw e })
  return depts
}

export function windowList() {
  if (!windows) windows = get('/windows', { per_page: 200 }).then(r => r.data).catch(e => { windows = null; throw e })
  return windows
}
