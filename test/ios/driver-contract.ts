// The IOS driver contract: behaviour every ShareDriver must show, whatever its backend. A driver test file
// calls driverContract() with a factory and the capabilities the driver declares; each test gets a fresh,
// empty share and cleans it up afterwards. Tests of features the driver does not declare are registered as
// skipped, and every test checks that the driver really declares what the options say.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { coreContract } from './contract/core.ts';
import { changeTimeContract } from './contract/change-time.ts';
import { dataContract } from './contract/data.ts';
import { linksContract } from './contract/links.ts';
import { metadataContract } from './contract/metadata.ts';
import { streamsContract } from './contract/streams.ts';
import type { ContractOptions, DriverFixture, Group, Requirement } from './contract/helpers.ts';

export {
  collect,
  contractContext,
  createDirectory,
  createFile,
  expectError,
  options,
  pattern,
  readAll,
  readFile,
} from './contract/helpers.ts';
export type { ContractOptions, DriverFixture } from './contract/helpers.ts';

export function driverContract(name: string, contract: ContractOptions, makeDriver: () => Promise<DriverFixture>): void {
  const suites: ReturnType<typeof suite>[] = [];
  const met = (requirement: Requirement): boolean => {
    if (requirement === 'restart') return contract.restartable === true;
    if (requirement === 'eaSize') return contract.reportsEaSize === true;
    if (requirement === 'copyRange' || requirement === 'cloneRange' || requirement === 'listNames') return contract.hooks?.includes(requirement) ?? false;
    return contract.capabilities[requirement];
  };
  const group: Group = (title) => {
    const s = suite(`${name} contract: ${title}`);
    suites.push(s);
    return (testName, body, requires = []) => {
      if (!requires.every(met)) {
        s.skip(testName, async () => {});
        return;
      }
      s(testName, async () => {
        const fixture = await makeDriver();
        try {
          assert.equal(fixture.driver.capabilities, contract.capabilities, 'the driver declares the capabilities the contract was given');
          await body({ driver: fixture.driver, fixture });
        } finally {
          await fixture.cleanup();
        }
      });
    };
  };

  coreContract(group);
  streamsContract(group);
  metadataContract(group);
  changeTimeContract(group);
  linksContract(group);
  dataContract(group);

  for (const s of suites) s.run();
}
