/**
 * A black silhouette of an image on white (its alpha mask), made in the page: the "sketch"
 * side of the translator test and benchmark (silhouette → colour emoji).
 */
export async function silhouette(blob: Blob): Promise<Blob> {
  const bmp = await createImageBitmap(blob);
  const cv = new OffscreenCanvas(bmp.width, bmp.height);
  const g = cv.getContext('2d')!;
  g.drawImage(bmp, 0, 0);
  const img = g.getImageData(0, 0, bmp.width, bmp.height);
  for (let p = 0; p < img.data.length; p += 4) {
    const on = img.data[p + 3] > 128;
    img.data[p] = img.data[p + 1] = img.data[p + 2] = on ? 0 : 255;
    img.data[p + 3] = 255;
  }
  g.putImageData(img, 0, 0);
  return cv.convertToBlob({ type: 'image/png' });
}
