import { Sample } from '@periskop-backstage/plugin-periskop-common';
import { useState } from 'react';

interface Selection {
  /** The group the selection belongs to; another group starts at the newest. */
  groupId: string | undefined;
  /** The sample on screen, so that it stays there when newer ones arrive. */
  uuid: string | undefined;
  /** Used when that sample is gone (capped or expired). */
  index: number;
}

/** The sample shown in the details and how to move between samples. */
export interface SampleSelection {
  /** Position in the list, 0 = newest. */
  index: number;
  sample: Sample | undefined;
  count: number;
  select(index: number): void;
}

/**
 * Which sample of a group (newest first) is on screen. The selection keeps
 * the user's place across live refreshes: the same sample stays selected
 * while it is in the list, even when newer samples push it down (the index
 * then grows, and "Sample 3 of 12" says so); when it has been dropped, the
 * index is kept, clamped to the new list. A different group starts at its
 * newest sample.
 */
export function useSampleSelection(
  groupId: string | undefined,
  samples: Sample[] | undefined,
): SampleSelection {
  const list = samples ?? [];
  const [selection, setSelection] = useState<Selection>({
    groupId,
    uuid: undefined,
    index: 0,
  });

  const current =
    selection.groupId === groupId
      ? selection
      : { groupId, uuid: undefined, index: 0 };
  const byUuid = current.uuid
    ? list.findIndex(s => s.uuid === current.uuid)
    : -1;
  const index =
    byUuid >= 0
      ? byUuid
      : Math.max(0, Math.min(current.index, list.length - 1));
  const sample = list[index];

  // remember what is on screen (render-time state update, no extra effect)
  if (
    current !== selection ||
    (sample && (sample.uuid !== current.uuid || index !== current.index))
  ) {
    setSelection({ groupId, uuid: sample?.uuid, index });
  }

  return {
    index,
    sample,
    count: list.length,
    select: (next: number) => {
      const clamped = Math.max(0, Math.min(next, list.length - 1));
      setSelection({ groupId, uuid: list[clamped]?.uuid, index: clamped });
    },
  };
}
