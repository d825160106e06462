// The temperature slider's scale: positions 0..2 map to T = 10^position (1..100), shown to 3 significant digits.

export const temperatureAt = (position: number): number => Number((10 ** position).toPrecision(3));
export const positionOf = (temperature: number): number => Math.log10(Math.min(100, Math.max(1, temperature)));
