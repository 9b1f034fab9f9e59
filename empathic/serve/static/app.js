// empathic web chat: streams replies from /v1/chat/completions (server-sent events). No build step.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { model: null, history: [], busy: false };

function apiKey() {
  return sessionStorage.getItem("empathic-api-key") || "";
}

function headers() {
  const h = { "Content-Type": "application/json" };
  if (apiKey()) h.Authorization = "Bearer " + apiKey();
  return h;
}

function bubble(role, text) {
  const div = document.createElement("div");
  div.className = "msg " + role;
  const who = document.createElement("span");
  who.className = "who";
  who.textContent = role === "user" ? "You" : "AI companion";
  const body = document.createElement("span");
  body.className = "text";
  body.textContent = text;
  div.append(who, body);
  $("log").append(div);
  div.scrollIntoView({ block: "end" });
  return div;
}

function setStatus(text) {
  $("status").textContent = text;
}

async function loadModel() {
  const res = await fetch("/v1/models", { headers: headers() });
  if (res.status === 401) {
    $("key-row").hidden = false;
    setStatus("This server needs an API key: enter it below, then send.");
    return;
  }
  const card = (await res.json()).data[0];
  state.model = card.id;
  const info = card.empathic || {};
  if (info.ai_disclosure) $("disclosure").textContent = info.ai_disclosure;
  if (info.crisis_resources && info.crisis_resources.length) {
    $("resource-list").replaceChildren(...info.crisis_resources.map((line) => {
      const li = document.createElement("li");
      li.textContent = line;
      return li;
    }));
  }
  if (info.emergency) $("emergency").textContent = info.emergency;
}

// Yields each parsed `data:` payload of an SSE response body.
async function* events(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const event = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      for (const line of event.split("\n")) {
        if (line.startsWith("data: ")) yield line.slice(6);
      }
    }
  }
}

async function send(text) {
  state.busy = true;
  $("send").disabled = true;
  bubble("user", text);
  state.history.push({ role: "user", content: text });
  const reply = bubble("assistant", "");
  reply.setAttribute("aria-busy", "true");
  const out = reply.querySelector(".text");
  setStatus("The AI companion is writing...");
  let full = "";
  try {
    const res = await fetch("/v1/chat/completions", {
      method: "POST",
      headers: headers(),
      body: JSON.stringify({ model: state.model, messages: state.history, stream: true }),
    });
    if (!res.ok) {
      const err = await res.json().catch(() => ({}));
      if (res.status === 401) $("key-row").hidden = false;
      throw new Error((err.error && err.error.message) || "HTTP " + res.status);
    }
    for await (const data of events(res)) {
      if (data === "[DONE]") break;
      const chunk = JSON.parse(data);
      if (chunk.error) throw new Error(chunk.error.message);
      const choice = chunk.choices && chunk.choices[0];
      if (choice && choice.delta && choice.delta.content) {
        full += choice.delta.content;
        out.textContent = full;
        reply.scrollIntoView({ block: "end" });
      }
      if (choice && choice.finish_reason === "length") {
        const note = document.createElement("span");
        note.className = "cut";
        note.textContent = "(the reply reached the length limit and was cut there)";
        reply.append(note);
      }
      if (chunk.empathic && (chunk.empathic.kind === "escalation" || chunk.empathic.kind === "emergency" ||
                             chunk.empathic.kind === "concern")) {
        reply.classList.add("escalation");
        $("resources").classList.add("highlight");
        $("resources").scrollIntoView({ block: "start" });
      }
    }
    state.history.push({ role: "assistant", content: full });
    setStatus("");
  } catch (err) {
    state.history.pop(); // the message was not answered: let the user send it again
    reply.remove();
    setStatus("Could not get a reply: " + err.message);
  } finally {
    reply.setAttribute("aria-busy", "false");
    state.busy = false;
    $("send").disabled = false;
    $("message").focus();
  }
}

function submit(event) {
  event.preventDefault();
  const box = $("message");
  const text = box.value.trim();
  if (!text || state.busy) return;
  const key = $("api-key").value.trim();
  if (key) sessionStorage.setItem("empathic-api-key", key);
  box.value = "";
  send(text).then(() => { if (!state.model) loadModel(); });
}

document.addEventListener("DOMContentLoaded", () => {
  $("composer").addEventListener("submit", submit);
  $("message").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) submit(event);
  });
  $("reset").addEventListener("click", () => {
    state.history = [];
    $("log").replaceChildren();
    $("resources").classList.remove("highlight");
    setStatus("Started a new conversation.");
    $("message").focus();
  });
  loadModel().catch(() => setStatus("Could not reach the server."));
  $("message").focus();
});
