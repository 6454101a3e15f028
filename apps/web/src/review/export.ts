/** Saving what the review page shows: files the browser downloads (pages to print are `print-view.ts`). */

export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name from the journey's name: `Lead nurture` → `lead-nurture`. */
export function fileNameOf(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'journey';
}

/**
 * The SVG drawn on a canvas at `scale` (2: sharp on paper and retina screens), capped so a
 * 100-node journey stays under the browsers' canvas size limit.
 */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const width = Number(/width="(\d+)"/.exec(svg)?.[1] ?? 1000);
  const height = Number(/height="(\d+)"/.exec(svg)?.[1] ?? 800);
  const factor = Math.min(scale, 16_000 / width, 16_000 / height);
  const image = new Image();
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('The drawing could not be turned into an image.'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * factor);
    canvas.height = Math.round(height * factor);
    const context = canvas.getContext('2d')!;
    context.scale(factor, factor);
    context.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The image could not be made.'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
