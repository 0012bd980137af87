import { type FormEvent, useState } from 'react';

interface Props {
  command: string;
  label: string;
  onSend(text: string): void;
}

/** The message box: what you type after the bot's command is sent as that command, as you. */
export function Composer({ command, label, onSend }: Props) {
  const [text, setText] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const typed = text.trim();
    const rest = typed.startsWith(command) ? typed.slice(command.length).trim() : typed;
    onSend(rest);
    setText('');
  };
  return (
    <form className="composer" onSubmit={submit}>
      <input
        data-testid="composer"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={`${command} help · ${command} invite member joining the data team · message ${label}`}
      />
      <button type="submit">Send</button>
    </form>
  );
}
