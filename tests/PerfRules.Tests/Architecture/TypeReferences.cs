using System.Reflection;
using System.Reflection.Emit;

namespace PerfRules.Tests.Architecture;

/// <summary>
/// Which types each type of an assembly uses, read from the compiled assembly: its base type and
/// interfaces, the types of its fields, properties, parameters, returns and locals, and every type,
/// method and field its IL names (calls, new objects, casts, typeof). No package: reflection and the IL bytes.
/// </summary>
public static class TypeReferences
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Every type of the assembly (nested ones too) with the types it uses.</summary>
    public static IEnumerable<(Type Type, IReadOnlySet<Type> Uses)> Of(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes())
        {
            var uses = new HashSet<Type>();
            Add(uses, type.BaseType);
            foreach (var i in type.GetInterfaces()) Add(uses, i);
            foreach (var f in type.GetFields(Declared)) Add(uses, f.FieldType);
            foreach (var p in type.GetProperties(Declared)) Add(uses, p.PropertyType);
            foreach (var m in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
            {
                if (m is MethodInfo mi) Add(uses, mi.ReturnType);
                foreach (var p in m.GetParameters()) Add(uses, p.ParameterType);
                Body(m, uses);
            }
            yield return (type, uses);
        }
    }

    private static void Body(MethodBase method, HashSet<Type> uses)
    {
        MethodBody? body;
        try { body = method.GetMethodBody(); }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException) { return; }
        if (body is null) return;
        foreach (var local in body.LocalVariables) Add(uses, local.LocalType);
        var il = body.GetILAsByteArray();
        if (il is null) return;
        var typeArgs = method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineType:
                case OperandType.InlineTok:
                    Member(method.Module, BitConverter.ToInt32(il, at), typeArgs, methodArgs, uses);
                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + 4 * BitConverter.ToInt32(il, at);
                    break;
                default:
                    at += OperandSize(op.OperandType);
                    break;
            }
        }
    }

    private static int OperandSize(OperandType type) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };

    private static void Member(Module module, int token, Type[]? typeArgs, Type[]? methodArgs, HashSet<Type> uses)
    {
        MemberInfo? member;
        try { member = module.ResolveMember(token, typeArgs, methodArgs); }
        catch (ArgumentException) { return; } // a signature token (calli): no type of ours to find there
        switch (member)
        {
            case Type t:
                Add(uses, t);
                break;
            case MethodInfo m:
                Add(uses, m.DeclaringType);
                if (m.IsGenericMethod) foreach (var a in m.GetGenericArguments()) Add(uses, a);
                break;
            case MemberInfo m:
                Add(uses, m.DeclaringType);
                break;
        }
    }

    private static void Add(HashSet<Type> uses, Type? type)
    {
        if (type is null || type.IsGenericParameter) return;
        if (type.HasElementType)
        {
            Add(uses, type.GetElementType());
            return;
        }
        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            foreach (var a in type.GetGenericArguments()) Add(uses, a);
            type = type.GetGenericTypeDefinition();
        }
        uses.Add(type);
    }
}
