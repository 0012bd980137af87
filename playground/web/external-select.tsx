import { useState } from 'react';
import type { Option } from '../shared/state.ts';

interface Props {
  placeholder: string;
  /** Asks the bot for options (a block_suggestion) with what is typed. */
  search(query: string): Promise<Option[]>;
  onPick(option: Option): void;
}

/** An external_select: its options come from the bot as the person types. The renderer draws none of that. */
export function ExternalSelect({ placeholder, search, onPick }: Props) {
  const [query, setQuery] = useState('');
  const [options, setOptions] = useState<Option[]>();
  const [picked, setPicked] = useState<Option>();
  const load = (q: string) => {
    setQuery(q);
    search(q).then(setOptions, () => setOptions([]));
  };
  return (
    <div className="external-select">
      <input
        data-testid="external-select"
        value={picked && options === undefined ? picked.text.text : query}
        placeholder={placeholder}
        onFocus={() => load(query)}
        onChange={(e) => load(e.target.value)}
      />
      {options && (
        <ul className="options">
          {options.length === 0 && <li className="none">No matches</li>}
          {options.map((o) => (
            <li key={o.value}>
              <button
                type="button"
                className="option"
                onClick={() => {
                  setPicked(o);
                  setOptions(undefined);
                  onPick(o);
                }}
              >
                {o.text.text}
                {o.description && <small>{o.description.text}</small>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
