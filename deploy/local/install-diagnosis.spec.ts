const { diagnoseInstall } = require('./install-diagnosis') as { diagnoseInstall: (output: string) => string };

describe('diagnoseInstall', () => {
  it.each([
    ['gyp ERR! find Python\ngyp ERR! stack Error: Could not find any Python installation to use', /Python is missing/],
    ['gyp ERR! stack Error: not found: make', /compiler or make is missing/],
    ['gyp ERR! build error\ngyp ERR! stack Error: `make` failed with exit code: 2', /compiling a native module failed/],
    ['npm error code ENOTFOUND\nnpm error network request to https://registry.example/argon2 failed', /could not be reached \(network\)/],
    ['npm error code ETARGET\nnpm error notarget No matching version found for argon2@99', /refused a package or version/],
    ['npm error code ENOSPC', /disk is full/],
    ['npm error code EACCES', /permissions/],
  ])('names the cause of %j', (output, cause) => {
    expect(diagnoseInstall(output)).toMatch(cause);
  });

  it('says when it does not know, instead of guessing', () => {
    expect(diagnoseInstall('npm error something new')).toMatch(/not recognised/);
  });
});
