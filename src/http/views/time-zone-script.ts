/**
 * Tells the server the browser's time zone through a `tz` cookie, then reloads once so times show in it. Pages work
 * without it: they fall back to the series' zone. It reloads only when the cookie reads back (so a browser that
 * refuses cookies cannot loop), and never on a page showing a form error, which answers a POST: reloading it would
 * send the form again.
 */
export const TIME_ZONE_SCRIPT = `(function () {
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone) return;
    var read = function () {
      var match = document.cookie.match(/(?:^|;\\s*)tz=([^;]*)/);
      return match ? decodeURIComponent(match[1]) : null;
    };
    if (read() === zone) return;
    document.cookie = 'tz=' + encodeURIComponent(zone) + '; path=/; SameSite=Lax; max-age=31536000';
    if (read() !== zone || document.querySelector('[role="alert"]')) return;
    location.reload();
  } catch (error) {
    // An old browser without Intl time zones keeps the series' zone; nothing else depends on this.
  }
})();`;
