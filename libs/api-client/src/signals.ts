/** Per-call options accepted by every client method. */
export interface RequestOptions {
  /** Aborts the request (and, for iterators, the paging) when this signal aborts. */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call (`0`: no timeout). */
  timeoutMs?: number;
}

/**
 * One signal for a request: the caller's `signal` and/or a timeout. A timeout aborts with
 * a `DOMException` named `TimeoutError`; the caller's abort keeps its own reason
 * (`AbortError` by default).
 */
export function requestSignal(timeoutMs: number, signal?: AbortSignal): AbortSignal | undefined {
  const signals: AbortSignal[] = [];
  if (signal) signals.push(signal);
  if (timeoutMs > 0 && Number.isFinite(timeoutMs)) signals.push(AbortSignal.timeout(timeoutMs));
  if (signals.length <= 1) return signals[0];
  if (typeof AbortSignal.any === 'function') return AbortSignal.any(signals);
  // Runtimes before AbortSignal.any (Node < 20.3, older browsers).
  const controller = new AbortController();
  for (const s of signals) {
    if (s.aborted) {
      controller.abort(s.reason);
      break;
    }
    s.addEventListener('abort', () => controller.abort(s.reason), { once: true });
  }
  return controller.signal;
}
