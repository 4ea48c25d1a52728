/**
 * The control page at /sandbox: plain HTML and inline script (no build step). It lists the
 * sandbox's numbers, places a call from an outside number, drives the caller (keypad, tone,
 * spoken text, hang-up) and shows the call's event log, polling the control API.
 */
export const CONTROL_PAGE_HTML = /* html */ `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Twilio sandbox — simulated callers</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 1.5rem; color: #1d2433; max-width: 1100px; }
  h1 { font-size: 1.3rem; } h2 { font-size: 1.05rem; margin-top: 1.5rem; }
  section { border: 1px solid #d5d9e2; border-radius: 8px; padding: .75rem 1rem; margin-bottom: 1rem; }
  button { padding: .35rem .7rem; margin: .15rem; cursor: pointer; }
  input { padding: .3rem; }
  #keypad { display: grid; grid-template-columns: repeat(3, 3rem); gap: .25rem; }
  #keypad button { width: 3rem; height: 2.4rem; font-size: 1.1rem; }
  #events { font: 12px ui-monospace, monospace; list-style: none; padding: 0; max-height: 28rem; overflow: auto; }
  #events li { border-bottom: 1px solid #eef0f4; padding: .2rem 0; }
  #events .type { display: inline-block; width: 5.5rem; font-weight: 600; }
  #events .error { color: #b42318; } #events .webhook { color: #1849a9; } #events .dtmf { color: #027a48; }
  #numbers li { cursor: pointer; } .muted { color: #667085; }
</style>
</head>
<body>
<h1>Twilio sandbox — simulated callers</h1>
<p><a href="/sandbox/mail">Mail sent by the app</a></p>
<section>
  <h2>Numbers in the sandbox</h2>
  <ul id="numbers"><li class="muted">loading…</li></ul>
</section>
<section>
  <h2>Place a call</h2>
  <form id="place-call">
    <label>From <input id="from" name="from" value="+14155550100" size="16"></label>
    <label>To <input id="to" name="to" placeholder="+1…" size="16"></label>
    <button type="submit" id="call-button">Call</button>
  </form>
  <p>Call: <strong id="call-sid" class="muted">none</strong> — status <strong id="call-status">–</strong></p>
</section>
<section>
  <h2>Caller</h2>
  <div id="keypad"></div>
  <p>
    <label>Tone <input id="tone-hz" type="number" value="440" style="width:5rem"> Hz,
    <input id="tone-ms" type="number" value="500" style="width:5rem"> ms</label>
    <button id="tone-button" type="button">Play tone</button>
  </p>
  <p><label>Say <input id="say-text" size="40" placeholder="text the caller speaks"></label> <button id="say-button" type="button">Say</button></p>
  <p><button id="hangup-button" type="button">Hang up</button></p>
  <p id="message" class="muted"></p>
</section>
<section>
  <h2>Event log</h2>
  <ul id="events"></ul>
</section>
<script>
const api = (path, options = {}) =>
  fetch('/sandbox/api' + path, { headers: { 'Content-Type': 'application/json' }, ...options }).then(async (r) => {
    const body = await r.json()
    if (!r.ok) throw new Error(body.error || r.statusText)
    return body
  })
let callSid = null
let lastSeq = 0
const $ = (id) => document.getElementById(id)
const say = (text) => { $('message').textContent = text }

async function loadNumbers() {
  const numbers = await api('/numbers')
  const list = $('numbers')
  list.innerHTML = ''
  if (numbers.length === 0) list.innerHTML = '<li class="muted">No numbers yet: buy one through the REST API.</li>'
  for (const n of numbers) {
    const li = document.createElement('li')
    li.textContent = n.phoneNumber + ' — ' + n.friendlyName + ' (' + n.accountSid + ') → ' + (n.voiceUrl || n.voiceApplicationSid || 'no voice URL')
    li.dataset.phoneNumber = n.phoneNumber
    li.onclick = () => { $('to').value = n.phoneNumber }
    list.appendChild(li)
  }
}

$('place-call').onsubmit = async (event) => {
  event.preventDefault()
  try {
    const call = await api('/calls', { method: 'POST', body: JSON.stringify({ from: $('from').value, to: $('to').value }) })
    callSid = call.sid
    lastSeq = 0
    $('events').innerHTML = ''
    $('call-sid').textContent = call.sid
    $('call-status').textContent = call.status
    say('')
  } catch (error) { say(error.message) }
}

const control = (action, body) => {
  if (!callSid) return say('Place a call first.')
  return api('/calls/' + callSid + '/' + action, { method: 'POST', body: JSON.stringify(body || {}) }).catch((e) => say(e.message))
}
for (const digit of ['1','2','3','4','5','6','7','8','9','*','0','#']) {
  const button = document.createElement('button')
  button.type = 'button'
  button.textContent = digit
  button.dataset.digit = digit
  button.onclick = () => control('dtmf', { digits: digit })
  $('keypad').appendChild(button)
}
$('tone-button').onclick = () => control('audio', { tone: { hz: Number($('tone-hz').value), ms: Number($('tone-ms').value) } })
$('say-button').onclick = () => control('audio', { say: $('say-text').value })
$('hangup-button').onclick = () => control('hangup')

function describe(event) {
  if (event.type !== 'webhook') return event.summary
  const params = event.detail.request.params
  const interesting = ['CallStatus', 'Digits', 'DialCallStatus', 'RecordingUrl', 'QueueResult', 'ErrorCode']
    .filter((k) => params[k] !== undefined).map((k) => k + '=' + params[k]).join(' ')
  return event.summary + (interesting ? '  [' + interesting + ']' : '')
}

async function poll() {
  if (callSid) {
    try {
      const events = await api('/calls/' + callSid + '/events?since=' + lastSeq)
      for (const event of events) {
        lastSeq = Math.max(lastSeq, event.seq)
        const li = document.createElement('li')
        li.className = event.type
        li.dataset.type = event.type
        li.innerHTML = '<span class="muted"></span> <span class="type"></span> <span class="summary"></span>'
        li.children[0].textContent = event.at.slice(11, 23)
        li.children[1].textContent = event.type
        li.children[2].textContent = describe(event)
        li.title = JSON.stringify(event.detail, null, 2)
        $('events').appendChild(li)
      }
      $('call-status').textContent = (await api('/calls/' + callSid)).status
    } catch (error) { say(error.message) }
  }
  setTimeout(poll, 400)
}
loadNumbers().catch((e) => say(e.message))
setInterval(() => loadNumbers().catch(() => {}), 5000)
poll()
</script>
</body>
</html>
`
