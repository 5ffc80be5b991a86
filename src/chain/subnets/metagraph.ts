/**
 * One subnet's metagraph: the chain's per-uid columns.
 * Mirrors: pallets/subtensor/src/subnets/uids.rs (`append_neuron`, `replace_neuron`) over the
 * per-uid storage of lib.rs (`Keys`, `Uids`, `BlockAtRegistration`, `LastUpdate`, `ValidatorPermit`)
 * and `Owner` (a hotkey's coldkey).
 *
 *   append(h):     uid = n; n += 1; BlockAtRegistration = LastUpdate = now; no permit, no emission
 *   replace(u, h): Keys[u] = h; BlockAtRegistration[u] = LastUpdate[u] = now; no permit, no emission
 *
 * The registration columns (`hotkeys`, `coldkeys`, `registeredAt`) are readonly arrays that every
 * registration or pruning replaces (never changes in place), bumping `version`: a per-uid cache keyed on one of them (or on
 * the version) is rebuilt for this subnet only, and never goes stale. `lastUpdate` changes in place
 * (set_weights), `permits` once per epoch.
 */

export class Metagraph {
  private ver = 0;
  private hk: readonly string[];
  private ck: readonly string[];
  private reg: readonly number[];
  private byName: readonly number[] | undefined;
  private byHotkey: ReadonlyMap<string, number> | undefined;
  /** `LastUpdate`, per uid. */
  readonly lastUpdate: number[];
  /** `ValidatorPermit`, per uid; the epoch replaces it. */
  permits: readonly boolean[];
  /** `Emission` of the last epoch as its two parts (summed only when read: pruning is rare). */
  private emitted: { readonly server: readonly bigint[]; readonly validator: readonly bigint[] } | undefined;
  private emissionCol: bigint[] | undefined;

  constructor(neurons: readonly { readonly hotkey: string; readonly coldkey: string }[], block: number, permits: readonly boolean[]) {
    this.hk = neurons.map((n) => n.hotkey);
    this.ck = neurons.map((n) => n.coldkey);
    this.reg = neurons.map(() => block);
    this.lastUpdate = neurons.map(() => block);
    this.permits = permits;
  }

  /** `SubnetworkN`. */
  get n(): number {
    return this.hk.length;
  }
  /** Bumped by every registration and pruning. */
  get version(): number {
    return this.ver;
  }
  /** `Keys`: hotkey by uid. */
  get hotkeys(): readonly string[] {
    return this.hk;
  }
  /** `Owner[Keys[uid]]`: coldkey by uid. */
  get coldkeys(): readonly string[] {
    return this.ck;
  }
  /** `BlockAtRegistration` by uid. */
  get registeredAt(): readonly number[] {
    return this.reg;
  }

  /** `Uids[hotkey]`. */
  uid(hotkey: string): number | undefined {
    this.byHotkey ??= new Map(this.hk.map((h, uid) => [h, uid]));
    return this.byHotkey.get(hotkey);
  }

  /** The uids in hotkey-name order (ties by uid): the order the share pools are paid in. */
  uidsByName(): readonly number[] {
    const h = this.hk;
    this.byName ??= h.map((_, i) => i).sort((a, b) => (h[a]! < h[b]! ? -1 : h[a]! > h[b]! ? 1 : a - b));
    return this.byName;
  }

  /** The epoch's emissions, server and validator, by uid. */
  setEmission(server: readonly bigint[], validator: readonly bigint[]): void {
    this.emitted = { server, validator };
    this.emissionCol = undefined;
  }

  /** `Emission`: alpha the uid was given at the last epoch (0 before any, and after a registration). */
  emission(): readonly bigint[] {
    if (this.emissionCol === undefined) {
      const e = this.emitted;
      this.emissionCol = this.hk.map((_, uid) => (e?.server[uid] ?? 0n) + (e?.validator[uid] ?? 0n));
      this.emitted = undefined;
    }
    return this.emissionCol;
  }

  /** `append_neuron`: the new uid. */
  append(hotkey: string, coldkey: string, block: number): number {
    const uid = this.hk.length;
    const emission = [...this.emission(), 0n];
    this.change([...this.hk, hotkey], [...this.ck, coldkey], [...this.reg, block]);
    this.emissionCol = emission;
    this.lastUpdate.push(block);
    this.permits = [...this.permits, false];
    return uid;
  }

  /** `replace_neuron`'s per-uid columns (weights and bonds are the caller's). */
  replace(uid: number, hotkey: string, coldkey: string, block: number): void {
    const put = <T>(col: readonly T[], v: T): T[] => col.map((x, i) => (i === uid ? v : x));
    const emission = put(this.emission(), 0n);
    this.change(put(this.hk, hotkey), put(this.ck, coldkey), put(this.reg, block));
    this.emissionCol = emission;
    this.lastUpdate[uid] = block;
    this.permits = put(this.permits, false);
  }

  private change(hk: string[], ck: string[], reg: number[]): void {
    this.hk = hk;
    this.ck = ck;
    this.reg = reg;
    this.byName = undefined;
    this.byHotkey = undefined;
    this.ver += 1;
  }
}
