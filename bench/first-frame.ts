/**
 * An init script for both pages of the join benchmark: records, in page time (ms since navigation start), when
 * the first frame of a *remote* video track is presented in any <video> element. Local camera tracks (from
 * getUserMedia) are excluded, so the own preview does not count. Kept as a string: a transpiled function would
 * carry the transpiler's helpers into the page.
 */
export const firstRemoteFrameScript = `(() => {
  const local = new Set();
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (c) => {
    const s = await original(c);
    s.getTracks().forEach((t) => local.add(t));
    return s;
  };
  const watched = new WeakSet();
  const watch = (video) => {
    if (watched.has(video)) return;
    watched.add(video);
    const onFrame = () => {
      const stream = video.srcObject;
      const remote = stream && stream.getVideoTracks().some((t) => !local.has(t));
      if (remote && window.__firstRemoteFrameMs === undefined) window.__firstRemoteFrameMs = performance.now();
      if (window.__firstRemoteFrameMs === undefined && video.isConnected) video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  };
  new MutationObserver(() => document.querySelectorAll('video').forEach(watch)).observe(document, { childList: true, subtree: true });
})();`;
