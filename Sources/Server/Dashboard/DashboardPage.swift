/// The dashboard's page and stylesheet. The page is a shell: `DashboardScript` fills `#view` from
/// the admin API once it has a token.
enum DashboardPage {
    static let html = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Herald</title>
        <link rel="icon" href="data:,">
        <link rel="stylesheet" href="/dashboard.css">
        <script src="/dashboard.js" defer></script>
        </head>
        <body>
        <header class="bar">
          <a class="brand" href="#/">Herald</a>
          <nav aria-label="Sections"><a href="#/">Broadcasts and rotations</a></nav>
          <span id="updated" class="muted"></span>
          <button id="sign-out" type="button" hidden>Sign out</button>
        </header>
        <main>
          <section id="login" hidden aria-labelledby="login-title">
            <form id="login-form" class="card narrow">
              <h1 id="login-title">Sign in</h1>
              <p>Enter the admin API token (<code>HERALD_API_TOKEN</code>). It stays in this tab for this session only.</p>
              <p id="login-error" class="error" role="alert" hidden></p>
              <label for="token">API token</label>
              <input id="token" name="token" type="password" autocomplete="current-password" required>
              <button type="submit">Open the dashboard</button>
            </form>
          </section>
          <p id="problem" class="error" role="alert" hidden></p>
          <div id="view" aria-busy="false"></div>
          <noscript><p class="error">The dashboard needs JavaScript; the same figures are at /api/v1 and in herald stats.</p></noscript>
        </main>
        </body>
        </html>

        """

    static let css = """
        :root {
          color-scheme: light dark;
          --bg: #f6f7f9; --card: #ffffff; --text: #1d232b; --muted: #5f6b7a; --line: #dde2e8;
          --accent: #2f6fde; --clicks: #d9822b; --ok: #2e8540; --warn: #b7791f; --bad: #c53030;
          font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
        }
        @media (prefers-color-scheme: dark) {
          :root { --bg: #14181d; --card: #1d232b; --text: #e6e9ee; --muted: #9aa5b4; --line: #313a45;
                  --accent: #6b9cf0; --clicks: #f0a35e; }
        }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--bg); color: var(--text); }
        a { color: var(--accent); }
        code { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: 0.92em; }
        .bar { display: flex; gap: 1.25rem; align-items: center; padding: 0.75rem 1.5rem;
               background: var(--card); border-bottom: 1px solid var(--line); }
        .brand { font-weight: 700; font-size: 1.15rem; text-decoration: none; color: var(--text); }
        .bar nav { flex: 1; }
        main { padding: 1.25rem 1.5rem 3rem; max-width: 80rem; margin: 0 auto; }
        h1 { font-size: 1.4rem; margin: 0 0 0.75rem; }
        h2 { font-size: 1.1rem; margin: 1.75rem 0 0.6rem; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; }
        .narrow { max-width: 28rem; margin: 3rem auto; }
        .narrow label { display: block; font-weight: 600; margin: 1rem 0 0.3rem; }
        input[type=password] { width: 100%; padding: 0.5rem; font: inherit; border: 1px solid var(--line);
                               border-radius: 6px; background: var(--bg); color: var(--text); }
        button { font: inherit; padding: 0.45rem 0.9rem; border-radius: 6px; border: 1px solid var(--accent);
                 background: var(--accent); color: #fff; cursor: pointer; margin-top: 0.9rem; }
        .bar button { margin: 0; background: transparent; color: var(--accent); }
        :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
        .muted { color: var(--muted); font-size: 0.9rem; }
        .error { color: var(--bad); font-weight: 600; }
        .table-wrap { overflow-x: auto; background: var(--card); border: 1px solid var(--line); border-radius: 8px; }
        table { border-collapse: collapse; width: 100%; }
        th, td { padding: 0.5rem 0.75rem; text-align: left; border-bottom: 1px solid var(--line); white-space: nowrap; }
        th { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.03em; color: var(--muted); }
        tbody tr:last-child td { border-bottom: none; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        .status { display: inline-block; padding: 0.05rem 0.5rem; border-radius: 999px; font-size: 0.82rem;
                  border: 1px solid currentColor; }
        .status-sending { color: var(--accent); } .status-completed { color: var(--ok); }
        .status-paused, .status-scheduled { color: var(--warn); } .status-failed, .status-canceled { color: var(--bad); }
        .status-draft, .status-active { color: var(--muted); }
        progress { width: 9rem; height: 0.7rem; vertical-align: middle; accent-color: var(--accent); }
        .progress-text { margin-left: 0.4rem; font-variant-numeric: tabular-nums; }
        .figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr)); gap: 0.75rem; margin: 0; }
        .figures div { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 0.6rem 0.8rem; }
        .figures dt { color: var(--muted); font-size: 0.82rem; }
        .figures dd { margin: 0; font-size: 1.35rem; font-weight: 600; font-variant-numeric: tabular-nums; }
        .details { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1rem; margin: 0; }
        .details dt { color: var(--muted); }
        .details dd { margin: 0; overflow-wrap: anywhere; }
        .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(24rem, 1fr)); gap: 1rem; }
        .chart { width: 100%; height: auto; display: block; }
        .chart text { fill: var(--muted); font-size: 12px; }
        .chart .label { fill: var(--text); font-size: 13px; }
        .chart .axis { stroke: var(--line); }
        .chart .sent { fill: var(--accent); } .chart .clicks { fill: var(--clicks); }
        .chart .sent-line { stroke: var(--accent); fill: none; stroke-width: 2; }
        .chart .clicks-line { stroke: var(--clicks); fill: none; stroke-width: 2; }
        .chart .sent-area { fill: var(--accent); opacity: 0.18; }
        .legend { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; font-size: 0.85rem; color: var(--muted); margin: 0.25rem 0 0; }
        .legend > span { white-space: nowrap; }
        .swatch { display: inline-block; width: 0.8rem; height: 0.8rem; border-radius: 2px; margin-right: 0.3rem;
                  vertical-align: -0.1rem; }
        .swatch.sent { background: var(--accent); } .swatch.clicks { background: var(--clicks); }
        .empty { color: var(--muted); padding: 1rem; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }

        """
}
