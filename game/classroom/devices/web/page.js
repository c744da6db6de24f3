// The students' page: join the room, follow the lesson, vote, see the result.
// No framework and no build step: the game serves this file as it is. Every string from
// the server is set as text (textContent, createTextNode), never as HTML.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const POLL_MS = 2500;
  const RETRY_MAX_MS = 30000;

  let state = null;
  let socket = null;
  let retryMs = 1000;
  let pollTimer = null;
  let retryTimer = null;
  let lastAnnounced = "";
  let sending = false;

  // ------------------------------------------------------------------ talking to the game
  async function request(method, path, body) {
    const options = { method, headers: {}, credentials: "same-origin", cache: "no-store" };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const answer = await fetch(path, options);
    let payload = {};
    try { payload = await answer.json(); } catch (error) { payload = {}; }
    return { ok: answer.ok, status: answer.status, payload };
  }

  async function join(code) {
    const error = $("join-error");
    error.textContent = "";
    $("join-button").disabled = true;
    try {
      const answer = await request("POST", "/api/join", { code });
      if (!answer.ok) {
        error.textContent = answer.payload.message || "The room could not be joined.";
        $("code").focus();
        return;
      }
      joined(answer.payload);
    } catch (failure) {
      error.textContent = "The game cannot be reached: check that this device is on the school's network.";
    } finally {
      $("join-button").disabled = false;
    }
  }

  function joined(payload) {
    $("join").hidden = true;
    $("lesson").hidden = false;
    render(payload);
    connect();
  }

  function connect() {
    if (socket || !("WebSocket" in window)) { startPolling(); return; }
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    try {
      socket = new WebSocket(scheme + "//" + location.host + "/api/live");
    } catch (error) {
      socket = null; startPolling(); scheduleRetry(); return;
    }
    socket.addEventListener("open", () => {
      retryMs = 1000;
      stopPolling();
      setConnection("Connected: this page follows the lesson.");
    });
    socket.addEventListener("message", (event) => {
      try { render(JSON.parse(event.data)); } catch (error) { /* a broken message changes nothing */ }
    });
    socket.addEventListener("close", () => {
      socket = null;
      setConnection("Reconnecting… (the page still follows the lesson, a little more slowly)");
      startPolling();
      scheduleRetry();
    });
  }

  function scheduleRetry() {
    if (retryTimer) return;
    retryTimer = setTimeout(() => { retryTimer = null; connect(); }, retryMs);
    retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
  }

  function startPolling() {
    if (pollTimer) return;
    pollTimer = setInterval(poll, POLL_MS);
  }

  function stopPolling() {
    if (pollTimer) { clearInterval(pollTimer); pollTimer = null; }
  }

  async function poll() {
    try {
      const answer = await request("GET", "/api/state");
      if (answer.ok) { render(answer.payload); if (!socket) setConnection("Connected (checking every few seconds)."); }
    } catch (error) {
      setConnection("The game cannot be reached. Trying again…");
    }
  }

  async function castVote(number) {
    if (!state || !state.vote || sending) return;
    sending = true;
    $("vote-error").textContent = "";
    try {
      const answer = await request("POST", "/api/vote", { vote: state.vote.key, choice: number });
      if (answer.ok) {
        render(answer.payload);
      } else {
        $("vote-error").textContent = answer.payload.message || "The vote was not counted.";
        if (answer.status === 401) { showJoin(); }
      }
    } catch (error) {
      $("vote-error").textContent = "The vote could not be sent: check the connection and press again.";
    } finally {
      sending = false;
    }
  }

  function setConnection(words) { $("connection").textContent = words; }

  function showJoin() {
    $("join").hidden = false;
    $("lesson").hidden = true;
    $("heading").textContent = "Join the class";
  }

  // ------------------------------------------------------------------ drawing
  function render(next) {
    if (!next || typeof next !== "object") return;
    if (state && typeof next.version === "number" && typeof state.version === "number" && next.version < state.version) {
      return; // an older answer overtaken by a newer one
    }
    state = next;
    if (next.joined === false) { showJoin(); return; }
    $("story").textContent = [next.story, next.class_name].filter(Boolean).join(" · ") || "Budapest 1956";
    const devices = next.devices || { joined: 0, voted: 0 };
    const counts = $("counts");
    counts.hidden = false;
    counts.textContent = plural(devices.joined, "device") + " here" + (next.vote ? " · " + devices.voted + " voted" : "");

    const scene = next.scene || null;
    $("heading").textContent = headingFor(next);
    $("dateline").textContent = scene ? scene.dateline : "";
    $("scene-title").textContent = scene ? scene.title : "";
    const question = $("question");
    question.textContent = scene && scene.question ? scene.question : "";
    question.hidden = !(scene && scene.question);

    renderPrompts(next);
    renderVote(next);
    renderResult(next);
    const waiting = $("waiting");
    waiting.hidden = !(next.state === "waiting" || (next.state === "reading" && !next.result));
    waiting.textContent = next.state === "waiting" ? "Waiting for the teacher to begin."
      : "The class is reading. The vote opens here when the teacher opens it.";
    renderPassages(next);
    announce(next);
  }

  function headingFor(next) {
    if (next.state === "vote") return "The class votes";
    if (next.state === "discussion") return "Discussion";
    if (next.state === "ending") return "The class has reached an ending";
    if (next.state === "waiting") return "You are in";
    return "The lesson";
  }

  function renderPrompts(next) {
    const list = $("prompts");
    const prompts = Array.isArray(next.prompts) ? next.prompts : [];
    $("discussion").hidden = prompts.length === 0 || next.state === "vote";
    const words = prompts.join("\n");
    if (list.dataset.words === words) return;
    list.dataset.words = words;
    list.replaceChildren(...prompts.map((prompt) => element("li", {}, [prompt])));
  }

  function renderVote(next) {
    const section = $("vote");
    const vote = next.vote;
    section.hidden = !vote;
    if (!vote) { $("choices").replaceChildren(); $("mine").textContent = ""; return; }
    const box = $("choices");
    const shape = vote.key + "|" + vote.choices.map((c) => c.number + (c.open ? "o" : "c")).join(",");
    if (box.dataset.shape !== shape) {
      box.dataset.shape = shape;
      box.replaceChildren(...vote.choices.map((choice) => {
        const words = [element("span", { className: "words" }, [choice.text,
          ...(choice.open ? [] : [element("span", { className: "reason" }, ["Closed" + (choice.reason ? ": " + choice.reason : "")])])])];
        const button = element("button", { type: "button", className: "choice" },
          [element("span", { className: "number" }, [String(choice.number)]), ...words]);
        button.dataset.number = String(choice.number);
        button.setAttribute("aria-pressed", "false");
        if (!choice.open) button.disabled = true;
        else button.addEventListener("click", () => castVote(choice.number));
        return button;
      }));
    }
    for (const button of box.querySelectorAll("button.choice")) {
      button.setAttribute("aria-pressed", String(Number(button.dataset.number) === next.your_choice));
    }
    const mine = vote.choices.find((c) => c.number === next.your_choice);
    $("mine").textContent = mine
      ? "Your vote: " + mine.number + ". You can change it until the vote closes."
      : "You have not voted yet.";
  }

  function renderResult(next) {
    const result = next.result;
    const section = $("result");
    section.hidden = !result || !!next.vote;
    if (!result) return;
    const how = [];
    if (result.devices) how.push(plural(result.devices, "vote") + " from devices");
    if (result.hands) how.push(plural(result.hands, "hand") + " counted by the teacher");
    $("result-summary").textContent = "“" + result.scene_title + "”: the class chose " + result.winner + ", " +
      result.winner_text + (result.tie_broken ? " (a tie, broken by the teacher)" : "") + ". " +
      plural(result.total, "vote") + (how.length ? ": " + how.join(" and ") : "") + ".";
    const most = Math.max(1, ...result.choices.map((c) => c.votes));
    $("tally").replaceChildren(...result.choices.map((choice) => {
      const fill = element("div", { className: "fill" }, []);
      fill.style.width = Math.round(100 * choice.votes / most) + "%";
      const parts = [];
      if (result.devices) parts.push(plural(choice.devices, "device"));
      if (result.hands) parts.push(plural(choice.hands, "hand"));
      return element("li", { className: choice.number === result.winner ? "winner" : "" }, [
        element("div", { className: "line" }, [
          element("span", {}, [choice.number + ". " + choice.text + (choice.open ? "" : " (closed)")]),
          element("span", { className: "count" }, [plural(choice.votes, "vote")]),
        ]),
        element("div", { className: "bar" }, [fill]),
        ...(parts.length ? [element("div", { className: "how" }, [parts.join(" · ")])] : []),
      ]);
    }));
  }

  function renderPassages(next) {
    const passages = Array.isArray(next.passages) ? next.passages : [];
    $("sources").hidden = passages.length === 0;
    const box = $("passages");
    const key = (next.scene ? next.scene.id : "") + "|" + passages.length;
    if (box.dataset.key === key) return;
    box.dataset.key = key;
    box.replaceChildren(...passages.map((passage) => {
      const children = [
        element("p", { className: "where" }, [passage.source + ", paragraph " + passage.paragraph]),
        element("blockquote", { className: "text" }, [passage.before, element("mark", {}, [passage.quote]), passage.after]),
      ];
      if (passage.reported) {
        children.push(element("p", { className: "reported" }, [passage.reported + ". " + passage.reported_means]));
      }
      for (const note of passage.notes || []) {
        children.push(element("aside", { className: "note" }, [
          element("p", { className: "note-heading" }, [note.heading]),
          element("p", {}, [note.text]),
          ...(note.references ? [element("p", { className: "references" }, [note.references])] : []),
        ]));
      }
      return element("article", { className: "passage" }, children);
    }));
  }

  function announce(next) {
    let words = "";
    if (next.vote) words = "The vote is open: choose below.";
    else if (next.result) words = "The vote has closed: the class chose " + next.result.winner + ".";
    else if (next.state === "discussion") words = "The class is discussing.";
    else if (next.state === "ending") words = "The class has reached an ending.";
    const key = words + "|" + (next.vote ? next.vote.key : next.result ? next.result.scene_title : "");
    if (key !== lastAnnounced) {
      lastAnnounced = key;
      $("status").textContent = words;
    }
  }

  // ------------------------------------------------------------------ helpers
  function element(tag, properties, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(properties)) {
      if (value) node[name] = value;
    }
    for (const child of children) {
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function plural(count, word) { return count + " " + word + (count === 1 ? "" : "s"); }

  // ------------------------------------------------------------------ start
  async function start() {
    $("join-form").addEventListener("submit", (event) => {
      event.preventDefault();
      join($("code").value);
    });
    const params = new URLSearchParams(location.search);
    const code = params.get("code");
    if (code) {
      history.replaceState(null, "", location.pathname); // the code leaves the address bar
      $("code").value = code;
      await join(code);
      return;
    }
    try {
      const answer = await request("GET", "/api/state");
      if (answer.ok && answer.payload.joined) { joined(answer.payload); return; }
    } catch (error) { /* the form stays up */ }
    showJoin();
    setConnection("Enter the room code to join.");
  }

  start();
})();
