"""Key dossiers by their code (compared byte by byte on PostgreSQL), without a foreign key to units.

Revision ID: 206b1c41ac36
Revises: 917b7133b115
Create Date: 2026-12-02 01:35:44.033004

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '206b1c41ac36'
down_revision = '917b7133b115'
branch_labels = None
depends_on = None

CODE = sa.String(length=64).with_variant(sa.String(length=64, collation='C'), 'postgresql')


def upgrade():
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_dossiers_code'), type_='unique')
        batch_op.drop_constraint(batch_op.f('fk_dossiers_unit_id_units'), type_='foreignkey')
        batch_op.drop_column('id')
        batch_op.alter_column('code', existing_type=sa.String(length=64), type_=CODE,
                              existing_nullable=False)
        batch_op.create_primary_key(batch_op.f('pk_dossiers'), ['code'])


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_constraint('pk_dossiers', 'dossiers', type_='primary')
        op.execute('ALTER TABLE dossiers ADD COLUMN id SERIAL')
        op.create_primary_key('pk_dossiers', 'dossiers', ['id'])
        op.alter_column('dossiers', 'code', existing_type=CODE, type_=sa.String(length=64),
                        existing_nullable=False)
        op.create_unique_constraint('uq_dossiers_code', 'dossiers', ['code'])
        op.create_foreign_key('fk_dossiers_unit_id_units', 'dossiers', 'units', ['unit_id'], ['id'])
        return
    # SQLite numbers the rows itself when the new INTEGER PRIMARY KEY column is copied empty.
    with op.batch_alter_table('dossiers', schema=None,
                              recreate='always',
                              table_args=(sa.PrimaryKeyConstraint('id', name='pk_dossiers'),),
                              ) as batch_op:
        batch_op.drop_constraint('pk_dossiers', type_='primary')
        batch_op.add_column(sa.Column('id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint('uq_dossiers_code', ['code'])
        batch_op.create_foreign_key('fk_dossiers_unit_id_units', 'units', ['unit_id'], ['id'])
