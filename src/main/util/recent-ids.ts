/**
 * The ids seen lately, at most `capacity` (the oldest are forgotten first),
 * backed by `seenBefore` for the ones forgotten (the journal), so a set of
 * ids that never stops growing costs bounded memory.
 */
export class RecentIds {
  private readonly ids = new Set<string>()

  constructor(
    private readonly capacity: number,
    private readonly seenBefore: (id: string) => boolean = () => false,
  ) {}

  /** Records an id; false when it was seen already (here, or long ago by `seenBefore`). */
  add(id: string): boolean {
    if (this.ids.has(id) || this.seenBefore(id)) return false
    this.ids.add(id)
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value!)
    return true
  }
}
