// A page that follows work done by the worker (a Word export or import) while it runs. A reload
// every few seconds would send a screen reader back to the top of the page (WCAG 2.2.1): fetch
// the page instead and replace only its live status region and, once the work is over, the
// parts marked data-live-part (an import's report). Without JavaScript, a meta refresh in
// <noscript> reloads the page.
(() => {
    const status = document.querySelector("[data-live-status]");
    if (!status || status.dataset.inProgress !== "true") return;
    const delay = Number(status.dataset.refreshSeconds) * 1000;
    const poll = async () => {
        let html = null;
        try {
            const response = await fetch(window.location.href, { credentials: "same-origin" });
            html = new DOMParser().parseFromString(await response.text(), "text/html");
        } catch (error) {
            // Offline for a moment: try again later.
        }
        const fresh = html && html.getElementById(status.id);
        if (fresh && fresh.innerHTML !== status.innerHTML) status.innerHTML = fresh.innerHTML;
        if (fresh && fresh.dataset.inProgress !== "true") {
            for (const part of document.querySelectorAll("[data-live-part]")) {
                const freshPart = html.getElementById(part.id);
                if (freshPart) part.innerHTML = freshPart.innerHTML;
            }
            return;
        }
        window.setTimeout(poll, delay);
    };
    window.setTimeout(poll, delay);
})();
