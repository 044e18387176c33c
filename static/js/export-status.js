// The export page while a Word file is being written. A reload every few seconds would send a
// screen reader back to the top of the page (WCAG 2.2.1): fetch the page instead and replace
// only its live status region. Without JavaScript, a meta refresh in <noscript> reloads it.
(() => {
    const status = document.getElementById("export-status");
    if (!status || status.dataset.inProgress !== "true") return;
    const delay = Number(status.dataset.refreshSeconds) * 1000;
    const poll = async () => {
        let fresh = null;
        try {
            const response = await fetch(window.location.href, { credentials: "same-origin" });
            const html = new DOMParser().parseFromString(await response.text(), "text/html");
            fresh = html.getElementById("export-status");
        } catch (error) {
            // Offline for a moment: try again later.
        }
        if (fresh && fresh.innerHTML !== status.innerHTML) status.innerHTML = fresh.innerHTML;
        if (!fresh || fresh.dataset.inProgress === "true") window.setTimeout(poll, delay);
    };
    window.setTimeout(poll, delay);
})();
