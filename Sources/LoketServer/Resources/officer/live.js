// The conversation on the case page: opened at the newest message, and, while the officer has the conversation
// (a live handover), refreshed every few seconds by fetching the page again and replacing the list, so the
// officer sees the citizen's messages without reloading and without losing what is being typed. The page works
// without it; a reload shows the same.
(function () {
  const list = document.getElementById('conversation-list');
  if (!list) return;
  list.scrollTop = list.scrollHeight;
  if (!list.dataset.live) return;
  setInterval(async function () {
    try {
      const response = await fetch(window.location.pathname, { credentials: 'same-origin', cache: 'no-store' });
      if (!response.ok) return;
      const page = new DOMParser().parseFromString(await response.text(), 'text/html');
      const fresh = page.getElementById('conversation-list');
      if (fresh && fresh.innerHTML !== list.innerHTML) {
        list.innerHTML = fresh.innerHTML;
        list.scrollTop = list.scrollHeight;
      }
    } catch (error) {
      // Offline for a moment: try again on the next tick.
    }
  }, 4000);
})();
