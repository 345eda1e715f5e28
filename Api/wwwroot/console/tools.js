// Operator tools that run on request: confirmation dialog, audit, delegate import,
// credential reissue and results export.
import { el, formatNumber } from "/shared/common.js";
import { operatorFetch, operatorJson, problemErrorLines, session } from "/console/operator-api.js";

const $ = (id) => document.getElementById(id);

/** Shows a notice in `target`, or clears it when `kind` is null. */
export function showNotice(target, kind, text, lines = []) {
  if (!kind) {
    target.replaceChildren();
    return;
  }
  target.replaceChildren(el("div", { className: `notice notice-${kind}`, role: kind === "error" ? "alert" : null },
    el("p", {}, text),
    lines.length ? el("ul", {}, lines.map((line) => el("li", {}, line))) : null));
}

/** Opens the modal confirmation dialog; resolves true when the operator confirms. */
export function confirmAction(question, warning, acceptLabel) {
  const dialog = $("confirm-dialog");
  $("confirm-title").textContent = question;
  $("confirm-message").textContent = warning;
  $("confirm-accept").textContent = acceptLabel;
  const opener = document.activeElement;
  return new Promise((resolve) => {
    const finish = (confirmed) => {
      $("confirm-accept").removeEventListener("click", accept);
      $("confirm-cancel").removeEventListener("click", cancel);
      dialog.removeEventListener("cancel", cancel);
      if (dialog.open) {
        dialog.close();
      }
      opener?.focus?.();
      resolve(confirmed);
    };
    const accept = () => finish(true);
    const cancel = (event) => {
      event?.preventDefault();
      finish(false);
    };
    $("confirm-accept").addEventListener("click", accept);
    $("confirm-cancel").addEventListener("click", cancel);
    dialog.addEventListener("cancel", cancel);
    dialog.showModal();
    $("confirm-cancel").focus();
  });
}

function download(fileName, content, type) {
  const url = URL.createObjectURL(content instanceof Blob ? content : new Blob([content], { type }));
  const link = el("a", { href: url, download: fileName, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function timestamp() {
  return new Date().toISOString().replace(/[:.]/g, "-");
}

async function runAudit(getBallot) {
  const target = $("audit");
  showNotice(target, "info", "Audit en cours…");
  let audit;
  try {
    audit = await operatorJson(["audit"]);
  } catch (error) {
    showNotice(target, "error", error.message);
    return;
  }
  const ballot = getBallot();
  const names = new Map(ballot.categories.flatMap((c) => c.finalists.map((f) => [`${c.id}/${f.id}`, f.name])));
  const title = (id) => ballot.categories.find((c) => c.id === id)?.title ?? id;
  const allMatch = audit.categories.every((c) => c.matches);
  target.replaceChildren(
    el("p", { className: allMatch ? "notice notice-success" : "notice notice-error", role: allMatch ? null : "alert" },
      allMatch ? "Registre et compteurs concordent dans toutes les catégories."
        : "Écart entre le registre et les compteurs : le registre fait foi."),
    ...audit.categories.map((category) => el("div", { className: "counts-category" },
      el("h3", {}, title(category.id)),
      el("p", {}, `Émargements : ${formatNumber(category.ledgerSignIns)} · bulletins au registre : `
        + `${formatNumber(category.ledgerBallots)} · compteurs : ${formatNumber(category.counterBallots)} · `,
      el("span", { className: category.matches ? "audit-ok" : "audit-mismatch" },
        category.matches ? "concordant" : "écart")),
      el("p", { className: "mono hint" }, `SHA-256 : ${category.digest}`),
      el("div", { className: "table-scroll" }, el("table", {},
        el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Finaliste"),
          el("th", { scope: "col", className: "number" }, "Registre"),
          el("th", { scope: "col", className: "number" }, "Compteur"))),
        el("tbody", {}, category.finalists.map((finalist) => el("tr", {},
          el("th", { scope: "row" }, names.get(`${category.id}/${finalist.id}`) ?? finalist.id),
          el("td", { className: "number" }, formatNumber(finalist.ledger)),
          el("td", { className: finalist.ledger === finalist.counter ? "number" : "number audit-mismatch" },
            formatNumber(finalist.counter))))))))));
}

async function importDelegates(event) {
  event.preventDefault();
  const status = $("import-status");
  const file = $("delegate-file").files[0];
  if (!file) {
    showNotice(status, "error", "Choisissez un fichier CSV.");
    return;
  }
  showNotice(status, "info", `Import de « ${file.name} »…`);
  try {
    const response = await operatorFetch(["delegates"], {
      method: "POST", headers: { "Content-Type": "text/csv" }, body: file,
    });
    const credentials = await response.blob();
    const count = Math.max(0, (await credentials.text()).trim().split("\n").length - 1);
    download(`liens-de-vote-${session.electionId}-${timestamp()}.csv`, credentials, "text/csv");
    showNotice(status, "success", `${formatNumber(count)} délégués importés. Le fichier des liens de vote est téléchargé.`);
  } catch (error) {
    showNotice(status, "error", `Import rejeté, rien n’a été modifié. ${error.message}`, problemErrorLines(error));
  }
}

async function reissueCredential(event) {
  event.preventDefault();
  const status = $("reissue-status");
  const delegateId = $("reissue-delegate").value.trim();
  if (!delegateId) {
    return;
  }
  const confirmed = await confirmAction(`Émettre un nouveau lien pour « ${delegateId} » ?`,
    "L’ancien lien de ce délégué sera révoqué immédiatement.", "Émettre");
  if (!confirmed) {
    return;
  }
  try {
    const credential = await operatorJson(["delegates", delegateId, "credential"], { method: "POST" });
    const output = el("input", {
      type: "text", readonly: true, id: "reissue-url", value: credential.votingUrl, className: "mono",
    });
    const copy = el("button", {
      type: "button", className: "button", onclick: async () => {
        output.select();
        await navigator.clipboard?.writeText(credential.votingUrl).catch(() => {});
        copy.textContent = "Copié";
      },
    }, "Copier le lien");
    status.replaceChildren(el("div", { className: "notice notice-success credential-output" },
      el("p", {}, `Nouveau lien pour « ${credential.delegateId} » (version ${credential.credentialVersion}) :`),
      el("label", { for: "reissue-url", className: "visually-hidden" }, "Lien de vote"),
      output,
      el("div", { className: "button-row" }, copy)));
  } catch (error) {
    showNotice(status, "error", error.message, problemErrorLines(error));
  }
}

/** Quotes a CSV field (RFC 4180) and defuses spreadsheet formulas in text cells. */
function csvField(value) {
  let text = value === null || value === undefined ? "" : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) {
    text = `'${text}`;
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Builds one CSV row per finalist from the results JSON, with names from the ballot. */
export function resultsToCsv(results, ballot) {
  const header = ["electionId", "categoryId", "categoryTitle", "phase", "ballots", "digest",
    "finalistId", "finalistName", "votes"];
  const rows = [header];
  for (const category of results.categories) {
    const definition = ballot.categories.find((c) => c.id === category.id);
    for (const finalist of category.finalists) {
      const name = definition?.finalists.find((f) => f.id === finalist.id)?.name ?? "";
      rows.push([results.electionId, category.id, definition?.title ?? "", category.phase, category.ballots,
        category.digest ?? "", finalist.id, name, finalist.votes]);
    }
  }
  return rows.map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

async function exportResults(format, getBallot) {
  const status = $("export-status");
  try {
    const results = await operatorJson(["results"]);
    const baseName = `resultats-${session.electionId}-${timestamp()}`;
    if (format === "json") {
      download(`${baseName}.json`, JSON.stringify(results, null, 2), "application/json");
    } else {
      download(`${baseName}.csv`, "\uFEFF" + resultsToCsv(results, getBallot()), "text/csv;charset=utf-8");
    }
    showNotice(status, "success", `Export ${format.toUpperCase()} téléchargé.`);
  } catch (error) {
    showNotice(status, "error", error.message);
  }
}

export function initTools(getBallot) {
  $("run-audit").addEventListener("click", () => runAudit(getBallot));
  $("import-form").addEventListener("submit", importDelegates);
  $("reissue-form").addEventListener("submit", reissueCredential);
  $("export-json").addEventListener("click", () => exportResults("json", getBallot));
  $("export-csv").addEventListener("click", () => exportResults("csv", getBallot));
}
