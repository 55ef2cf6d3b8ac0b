/**
 * A WebAssembly module embedded as base64, compiled at its first use and kept; null when this
 * runtime cannot compile it (no SIMD, no threads), so that the caller runs its JavaScript path.
 */
export function lazyModule(base64: string): () => WebAssembly.Module | null {
  let compiled: WebAssembly.Module | null | undefined;
  return () => {
    if (compiled !== undefined) return compiled;
    try {
      const text = atob(base64);
      const bytes = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
      compiled = new WebAssembly.Module(bytes);
    } catch {
      compiled = null;
    }
    return compiled;
  };
}
