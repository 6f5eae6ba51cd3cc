// tty_nr (from /proc/PID/stat) → a device name as ps prints it ("pts/3", "tty1", "ttyS0").

const names = new Map<number, string>();

export function ttyName(ttyNr: number): string {
  if (ttyNr === 0) return '';
  const cached = names.get(ttyNr);
  if (cached !== undefined) return cached;
  const major = (ttyNr >> 8) & 0xfff;
  const minor = (ttyNr & 0xff) | ((ttyNr >> 12) & 0xfff00);
  let name: string;
  if (major >= 136 && major <= 143) name = `pts/${minor + (major - 136) * 256}`;
  else if (major === 4) name = minor < 64 ? `tty${minor}` : `ttyS${minor - 64}`;
  else if (major === 5 && minor === 0) name = 'tty';
  else if (major === 5 && minor === 1) name = 'console';
  else if (major === 188) name = `ttyUSB${minor}`;
  else if (major === 166) name = `ttyACM${minor}`;
  else if (major === 204 && minor >= 64) name = `ttyAMA${minor - 64}`;
  else name = `${major}:${minor}`;
  names.set(ttyNr, name);
  return name;
}
