import { expandHome, isWithin, requestedPath } from './get-path.util';

describe('requestedPath', () => {
  const places = { cwd: '/home/dev/webapp', home: '/home/dev' };

  it('takes relative paths from the working folder, ~ from home, absolute ones as they are', () => {
    expect(requestedPath('notes.md', places)).toBe('/home/dev/webapp/notes.md');
    expect(requestedPath('./src/../README.md', places)).toBe('/home/dev/webapp/README.md');
    expect(requestedPath('~/.cache/ccr/inbox/kr4:1/a.png', places)).toBe(
      '/home/dev/.cache/ccr/inbox/kr4:1/a.png',
    );
    expect(requestedPath('~', places)).toBe('/home/dev');
    expect(requestedPath('/etc//passwd', places)).toBe('/etc/passwd');
  });

  it('resolves .. as text, so that an escape shows as the path it leads to', () => {
    expect(requestedPath('../../../etc/passwd', places)).toBe('/etc/passwd');
    expect(requestedPath('~/../root/x', places)).toBe('/home/root/x');
  });

  it('has no answer for a relative path of a session that reported no folder', () => {
    expect(requestedPath('notes.md', { cwd: null, home: '/home/dev' })).toBeUndefined();
    expect(requestedPath('/srv/notes.md', { cwd: null, home: '/home/dev' })).toBe('/srv/notes.md');
  });
});

describe('isWithin and expandHome', () => {
  it('is true for the folder and what lies below it, not for a neighbour with a longer name', () => {
    expect(isWithin('/home/dev/webapp', '/home/dev/webapp')).toBe(true);
    expect(isWithin('/home/dev/webapp/src/a.ts', '/home/dev/webapp')).toBe(true);
    expect(isWithin('/home/dev/webapp2/a.ts', '/home/dev/webapp')).toBe(false);
    expect(isWithin('/home/dev', '/home/dev/webapp')).toBe(false);
    expect(isWithin('/anything', '/')).toBe(true);
  });

  it("puts the user's home in place of ~", () => {
    expect(expandHome('~/.cache/ccr/inbox', '/home/dev')).toBe('/home/dev/.cache/ccr/inbox');
    expect(expandHome('/srv/inbox', '/home/dev')).toBe('/srv/inbox');
  });
});
