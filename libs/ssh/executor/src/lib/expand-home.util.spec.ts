import { homedir } from 'node:os';
import { expandHome } from './expand-home.util';

describe('expandHome', () => {
  it('expands ~ and ~/', () => {
    expect(expandHome('~', '/home/h')).toBe('/home/h');
    expect(expandHome('~/.ssh/id_ed25519', '/home/h')).toBe('/home/h/.ssh/id_ed25519');
  });

  it("uses the hub user's home by default", () => {
    expect(expandHome('~/k')).toBe(`${homedir()}/k`);
  });

  it('leaves other paths alone', () => {
    expect(expandHome('/etc/k', '/home/h')).toBe('/etc/k');
    expect(expandHome('keys/~/k', '/home/h')).toBe('keys/~/k');
    expect(expandHome('~bob/k', '/home/h')).toBe('~bob/k');
  });
});
