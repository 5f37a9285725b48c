// What actually failed when `npm install` failed, read from its output, so that the message names the
// cause (a compiler missing, the network, the registry, the disk) instead of one guess. Plain Node:
// nothing is installed yet when it runs.
'use strict';

/** @type {{ test: RegExp, cause: string }[]} in order: the first that matches names the cause. */
const CAUSES = [
  { test: /ENOSPC|no space left on device/i, cause: 'the disk is full: free some space and run it again' },
  { test: /Could not find any Python|gyp ERR! find Python|python3?: (command )?not found/i, cause: 'a native module had to be compiled and Python is missing: install python3, make and g++ (apt-get install -y python3 make g++)' },
  { test: /gyp ERR!.*(make|g\+\+|cc1plus|c\+\+)\b.*(not found|ENOENT)|not found: make|make: (command )?not found|g\+\+: (command )?not found/i, cause: 'a native module had to be compiled and the compiler or make is missing: install make and g++ (apt-get install -y make g++)' },
  { test: /gyp ERR!/i, cause: 'compiling a native module failed (node-gyp; its messages are above)' },
  { test: /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|network request .* failed|socket hang up/i, cause: 'the npm registry could not be reached (network): check the connection, proxy settings and `npm config get registry`' },
  { test: /E40[134]\b|ETARGET|No matching version|is not in this registry/i, cause: 'the npm registry refused a package or version (see the package named above)' },
  { test: /EINTEGRITY|integrity checksum failed/i, cause: 'a downloaded package did not match its checksum: run `npm cache verify` and try again' },
  { test: /EACCES|EPERM|permission denied/i, cause: 'a file could not be written (permissions): run as the owner of this folder' },
  { test: /EBADENGINE.*required.*node|Unsupported engine/i, cause: 'a package needs another Node.js version (see above); this project needs Node.js 20 or later' },
];

/** The cause of a failed `npm install`, from its combined output. */
function diagnoseInstall(output) {
  const found = CAUSES.find((c) => c.test.test(output));
  return found ? found.cause : 'npm install failed for a reason not recognised; its messages are above';
}

module.exports = { diagnoseInstall };
