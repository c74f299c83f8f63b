using System.Collections;

namespace EventTracking;

/// <content>The enumerator of the merged context.</content>
internal sealed partial class ContextFrame
{
    /// <summary>Walks the frames outermost first, as <see cref="ForEach{TState}"/> does, one pair at a time.</summary>
    private sealed class MergedEnumerator(ContextFrame top) : IEnumerator<KeyValuePair<string, object?>>
    {
        private ContextFrame? _frame;
        private ValuesCursor _cursor;

        public KeyValuePair<string, object?> Current { get; private set; }

        object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (_frame is null)
            {
                Start(top.Outermost());
            }

            while (true)
            {
                while (_cursor.MoveNext())
                {
                    var (key, value) = _cursor.Current;
                    var frame = _frame!;
                    if (frame.Parent is null || !frame.Parent.ContainsKey(key))
                    {
                        Current = new(key, top.InnermostValue(frame, key, value));
                        return true;
                    }
                }

                if (ReferenceEquals(_frame, top))
                {
                    return false;
                }

                Start(top.ChildOf(_frame!));
            }
        }

        public void Reset() => _frame = null;

        public void Dispose()
        {
        }

        private void Start(ContextFrame frame)
        {
            _frame = frame;
            _cursor = frame.OwnValues.GetCursor();
        }
    }

    private ContextFrame Outermost()
    {
        var frame = this;
        while (frame.Parent is not null)
        {
            frame = frame.Parent;
        }

        return frame;
    }

    // The frame between this one and `ancestor` whose parent is `ancestor`.
    private ContextFrame ChildOf(ContextFrame ancestor)
    {
        var frame = this;
        while (!ReferenceEquals(frame.Parent, ancestor))
        {
            frame = frame.Parent!;
        }

        return frame;
    }
}
