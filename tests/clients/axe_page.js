// Runs axe-core in Debian's Chromium on one page and prints its violations as JSON.
// Usage: node axe_page.js <chromium> <axe.min.js> <page.html>  (NODE_PATH holds puppeteer-core)
const puppeteer = require("puppeteer-core");
const fs = require("fs");

(async () => {
  const [chromium, axePath, page] = process.argv.slice(2);
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  try {
    const tab = await browser.newPage();
    await tab.setViewport({ width: 1100, height: 1400 });
    await tab.goto("file://" + page, { waitUntil: "load" });
    await tab.addScriptTag({ content: fs.readFileSync(axePath, "utf8") });
    const result = await tab.evaluate(async () => {
      // every WCAG 2.2 A/AA rule and axe's best practices, target size included
      const r = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } });
      return r.violations.map(v => ({ id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary) }));
    });
    process.stdout.write(JSON.stringify(result));
  } finally {
    await browser.close();
  }
})().catch(error => { console.error(error); process.exit(2); });
