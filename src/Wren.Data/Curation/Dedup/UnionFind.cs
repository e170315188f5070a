namespace Wren.Data.Curation.Dedup;

/// <summary>Disjoint sets over 0..n-1 with path halving and union by size; the root of a set is deterministic given the unions.</summary>
public sealed class UnionFind
{
    private readonly int[] _parent;
    private readonly int[] _size;

    public UnionFind(int count)
    {
        _parent = new int[count];
        _size = new int[count];
        for (int i = 0; i < count; i++)
        {
            _parent[i] = i;
            _size[i] = 1;
        }
    }

    public int Find(int x)
    {
        while (_parent[x] != x)
        {
            _parent[x] = _parent[_parent[x]];
            x = _parent[x];
        }
        return x;
    }

    public void Union(int x, int y)
    {
        int rx = Find(x), ry = Find(y);
        if (rx == ry)
        {
            return;
        }
        if (_size[rx] < _size[ry] || (_size[rx] == _size[ry] && ry < rx))
        {
            (rx, ry) = (ry, rx);
        }
        _parent[ry] = rx;
        _size[rx] += _size[ry];
    }
}
